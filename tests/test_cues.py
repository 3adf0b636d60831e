"""Voice and sound: the right words and cues at the right moments, never blocking the timer."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import wave
from pathlib import Path
from unittest.mock import Mock

import pytest
from click.testing import CliRunner

from backrehab import cues
from backrehab.catalogue import Catalogue
from backrehab.cli.app import main
from backrehab.cues import Cues, ProcessSpeaker, Sound, speech_command
from backrehab.defaults import STOP_IF_IT_HURTS
from backrehab.events import Answer
from backrehab.keys import Command
from backrehab.plan import PlanOptions, make_plan
from backrehab.runner import run_session

from .fakes import FakeClock, ScriptedKeys, answer, fake_surroundings


class FakeSpeaker:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.said: list[tuple[float, str]] = []

    def say(self, text: str) -> None:
        self.said.append((self.clock.now(), text))

    def close(self) -> None:
        pass


class FakePlayer:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.played: list[tuple[float, Sound]] = []

    def play(self, sound: Sound) -> None:
        self.played.append((self.clock.now(), sound))

    def close(self) -> None:
        pass


def run_with_cues(catalogue: Catalogue, clock: FakeClock, options: PlanOptions, keys=None, confirm=None):  # type: ignore[no-untyped-def]
    speaker, player = FakeSpeaker(clock), FakePlayer(clock)
    start = clock.now()
    run_session(
        plan=make_plan(catalogue, options),
        clock=clock,
        listeners=[Cues(catalogue, speaker=speaker, player=player, countdown=3)],
        confirm=confirm or answer(Answer.YES_BY_OPTION),
        keys=keys,
    )
    return [(t - start, s) for t, s in speaker.said], [(t - start, s) for t, s in player.played]


def test_spoken_words_for_a_per_side_exercise(catalogue: Catalogue, clock: FakeClock) -> None:
    """Name and position, side and rep with "hold", the last three seconds, "relax", other side, done."""
    said, _ = run_with_cues(catalogue, clock, PlanOptions(only=("knees-to-chest",), lead_in=10, rest=5))
    assert said[:7] == [
        (0, "Knees to chest. Lying on your back with bent knees and the soles of your feet flat on the bed or floor."),
        (10, "Left knee, rep 1 of 5. Hold."),
        (12, "three"),
        (13, "two"),
        (14, "one"),
        (15, "Relax. Other side: right knee."),
        (20, "Right knee, rep 1 of 5. Hold."),
    ]
    assert said[-2:] == [(105, "Relax. Knees to chest done."), (105, "Session complete. Well done.")]


def test_long_holds_get_keep_breathing_half_way(catalogue: Catalogue, clock: FakeClock) -> None:
    """A 10-second hold says "keep breathing" at 5 s; a short one with a reminder says it with "hold"."""
    said, _ = run_with_cues(catalogue, clock, PlanOptions(only=("deep-stomach-muscle-tone",), lead_in=0))
    assert (5, "Keep breathing.") in said
    said, _ = run_with_cues(catalogue, FakeClock(), PlanOptions(only=("stomach-tone",), lead_in=0))
    assert said[1] == (0, "Rep 1 of 3. Hold. Keep breathing.")


def test_each_cue_sound_is_distinct(catalogue: Catalogue, clock: FakeClock) -> None:
    """Hold start and end, side change, exercise end and session end each play their own sound."""
    _, played = run_with_cues(catalogue, clock, PlanOptions(only=("knee-rolls",), lead_in=10, rest=5))
    assert played[:4] == [(10, Sound.HOLD_START), (20, Sound.HOLD_END), (20, Sound.SIDE_CHANGE), (25, Sound.HOLD_START)]
    assert played[-2:] == [(95, Sound.EXERCISE_END), (95, Sound.SESSION_END)]
    assert len(set(cues.MELODIES.values())) == len(Sound)


def test_caution_is_read_out_before_the_question(catalogue: Catalogue, clock: FakeClock) -> None:
    """The sciatica caution is spoken before the person is asked to confirm."""
    speaker = FakeSpeaker(clock)
    heard_when_asked: list[str] = []

    def confirm(exercise, caution):  # type: ignore[no-untyped-def]
        heard_when_asked.extend(text for _, text in speaker.said)
        return Answer.NO

    run_session(
        plan=make_plan(catalogue, PlanOptions(only=("hamstring-stretch",))),
        clock=clock,
        listeners=[Cues(catalogue, speaker=speaker, player=FakePlayer(clock))],
        confirm=confirm,
    )
    assert heard_when_asked[-1].startswith("Caution before Hamstring stretch. With acute sciatica")


def test_pain_key_says_the_advice(catalogue: Catalogue, clock: FakeClock) -> None:
    """p mid-hold stops the exercise and speaks the advice to ask a physiotherapist."""
    keys = ScriptedKeys([(clock.now() + 12, Command.PAIN), (clock.now() + 14, Command.OTHER)])
    said, _ = run_with_cues(catalogue, clock, PlanOptions(only=("pelvic-tilt",)), keys=keys)
    assert (12, f"Pelvic tilt stopped. {catalogue.pain_advice}") in said


def test_pain_key_says_our_advice_when_the_catalogue_has_none(catalogue: Catalogue, clock: FakeClock) -> None:
    """With a catalogue that gives no `pain_advice`, p still speaks the advice to stop and ask a physiotherapist."""
    keys = ScriptedKeys([(clock.now() + 12, Command.PAIN), (clock.now() + 14, Command.OTHER)])
    without = dataclasses.replace(catalogue, pain_advice=None)
    said, _ = run_with_cues(without, clock, PlanOptions(only=("pelvic-tilt",)), keys=keys)
    assert (12, f"Pelvic tilt stopped. {STOP_IF_IT_HURTS}") in said


def test_speech_is_an_argument_list_with_no_shell() -> None:
    """espeak-ng gets the voice and the text as separate arguments; PowerShell reads it from the environment."""
    assert speech_command("espeak-ng", "/usr/bin/espeak-ng", "Hold; rm -rf ~", "en-gb") == (
        ["/usr/bin/espeak-ng", "-v", "en-gb", "--", "Hold; rm -rf ~"],
        None,
    )
    argv, env = speech_command("powershell", "powershell.exe", "Hold $(evil)", None)
    assert "Hold $(evil)" not in " ".join(argv)
    assert env == {"BACKREHAB_SAY": "Hold $(evil)"}


def test_new_utterance_replaces_one_still_speaking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saying something new stops what is still being said, and no output reaches the screen."""
    first, second = Mock(spec_set=subprocess.Popen), Mock(spec_set=subprocess.Popen)
    first.poll.return_value = None
    popen = Mock(side_effect=[first, second])
    monkeypatch.setattr(subprocess, "Popen", popen)
    speaker = ProcessSpeaker("espeak-ng", "/usr/bin/espeak-ng")
    speaker.say("one")
    speaker.say("two")
    first.terminate.assert_called_once()
    argv = popen.call_args.args[0]
    assert argv == ["/usr/bin/espeak-ng", "--", "two"]
    assert popen.call_args.kwargs["stdout"] is subprocess.DEVNULL
    assert popen.call_args.kwargs["stderr"] is subprocess.DEVNULL


def test_missing_engine_warns_once_and_the_session_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """--voice with no engine installed: one line naming the engines looked for, then the session runs."""
    monkeypatch.setattr(cues, "find_engine", lambda which=None: None)
    result = CliRunner().invoke(
        main, ["session", "--voice", "--only", "pelvic-tilt"], catch_exceptions=False, obj=fake_surroundings()
    )
    assert result.exit_code == 0
    warning = [line for line in result.stderr.splitlines() if "speech engine" in line]
    assert warning == [
        "No speech engine found (looked for espeak-ng, espeak, say, powershell); install one: "
        "'sudo apt install espeak-ng' (Debian, Ubuntu), 'sudo dnf install espeak-ng' (Fedora); macOS has 'say' "
        "and Windows has PowerShell built in. Going on without voice."
    ]
    assert "Session complete: 1 of 1 exercises done" in result.stdout


def test_cue_sounds_are_written_as_real_tones(tmp_path: Path) -> None:
    """Each cue WAV holds sound (not silence), and the five differ in length."""
    files = cues.sound_files(tmp_path)
    lengths = set()
    for path in files.values():
        with wave.open(str(path)) as wav:
            frames = wav.readframes(wav.getnframes())
            lengths.add(wav.getnframes())
        assert (
            max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True)) for i in range(0, len(frames), 2)) > 5000
        )
    assert len(lengths) == len(Sound)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (.ci/run installs it)")
def test_real_espeak_ng_speaks_the_cue(tmp_path: Path) -> None:
    """The real engine, given our argument list plus -w, writes a WAV that is not silence."""
    out = tmp_path / "cue.wav"
    argv, _ = speech_command("espeak-ng", "espeak-ng", "Left knee, rep 1 of 5. Hold.", None)
    subprocess.run([argv[0], "-w", str(out), *argv[1:]], check=True, capture_output=True, timeout=30)
    with wave.open(str(out)) as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    peak = max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True)) for i in range(0, len(frames), 2))
    assert seconds > 1.0
    assert peak > 3000


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (.ci/run installs it)")
def test_an_unknown_voice_name_is_said_once_and_the_default_used() -> None:
    """--voice-name is checked against the engine's own list; espeak's "en+f3" variants are accepted."""
    path = str(shutil.which("espeak-ng"))
    assert cues.voice_problem("espeak-ng", path, "en-gb") is None
    assert cues.voice_problem("espeak-ng", path, "en+f3") is None
    assert cues.voice_problem("espeak-ng", path, "zz-bogus") == (
        "espeak-ng has no voice 'zz-bogus' (see `espeak-ng --voices`); using its default voice."
    )
