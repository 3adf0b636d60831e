"""Voice and sound: the timeline's cues heard at their moments, one at a time, never blocking the timer."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import threading
import wave
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
from click.testing import CliRunner

from backrehab.audio import cues
from backrehab.audio.cues import Cues, ProcessChannel, Sound, speech_command
from backrehab.audio.speech import estimate_seconds
from backrehab.audio.timeline import OPENING, Clip, CueKind, Timeline, Voicing, build_timeline, span, tone_seconds
from backrehab.catalogue.model import Catalogue
from backrehab.cli.app import main
from backrehab.plan import PlanOptions, make_plan
from backrehab.session.events import Answer, Confirm
from backrehab.session.keys import Command
from backrehab.session.runner import run_session
from backrehab.settings.defaults import STOP_IF_IT_HURTS

from .fakes import FakeClock, RecordingChannel, ScriptedKeys, answer, fake_surroundings


def timeline_for(catalogue: Catalogue, options: PlanOptions, *, ask: bool = False, opening: bool = False) -> Timeline:
    """The timeline with lengths estimated from the words: the same on every machine."""
    voicing = Voicing(estimate_seconds, tone_seconds, countdown=3, ask=ask, opening=opening)
    return build_timeline(make_plan(catalogue, options), catalogue, voicing)


def run_with_cues(
    catalogue: Catalogue,
    clock: FakeClock,
    options: PlanOptions,
    *,
    keys: ScriptedKeys | None = None,
    confirm: Confirm | None = None,
    ask: bool = False,
    opening: bool = False,
) -> tuple[RecordingChannel, Timeline, float]:
    timeline = timeline_for(catalogue, options, ask=ask, opening=opening)
    channel = RecordingChannel(clock)
    start = clock.now()
    run_session(
        plan=make_plan(catalogue, options),
        clock=clock,
        listeners=[Cues(catalogue, channel=channel, timeline=timeline)],
        confirm=confirm or answer(Answer.YES_BY_OPTION),
        keys=keys,
        waits=timeline.spoken_waits(),
    )
    return channel, timeline, start


def test_every_cue_is_heard_at_its_planned_moment_and_none_overlaps(catalogue: Catalogue, clock: FakeClock) -> None:
    """The whole default session, opening and caution question included: heard exactly as planned.

    The caution is answered as its question ends: answered sooner, the question is not asked at all.
    """
    planned_timeline = timeline_for(catalogue, PlanOptions(), ask=True, opening=True)
    caution_wait = next(seconds for key, seconds in planned_timeline.waits.items() if key != OPENING)
    channel, timeline, start = run_with_cues(
        catalogue,
        clock,
        PlanOptions(),
        confirm=answer(Answer.YES, clock=clock, takes=caution_wait),
        ask=True,
        opening=True,
    )
    planned = [(round(c.start, 6), c.clip.text) for c in timeline.cues]
    heard = [(round(t - start, 6), clip.text) for t, clip, _ in channel.heard]
    assert heard[: len(planned)] == planned
    assert all(a.end <= b.start + 1e-9 for a, b in zip(timeline.cues, timeline.cues[1:], strict=False))


def test_spoken_words_for_a_per_side_exercise(catalogue: Catalogue, clock: FakeClock) -> None:
    """Name and position, side and rep with "hold", the last seconds, "relax, other side", the end."""
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("knees-to-chest",), lead_in=10, rest=5))
    assert channel.texts()[:7] == [
        "Knees to chest. Lying on your back with bent knees and the soles of your feet flat on the bed or floor.",
        "hold-start",
        "Left knee, rep 1 of 5. Hold.",
        "one",
        "side-change",
        "Relax. Other side: right knee.",
        "hold-start",
    ]
    assert channel.texts()[-4:] == ["session-end", "Relax.", "Knees to chest done.", "Session complete. Well done."]


def test_tones_that_fall_together_are_merged_into_the_one_that_says_most(
    catalogue: Catalogue, clock: FakeClock
) -> None:
    """A change of side plays only its own tone, an exercise's end only the end tone, the session's end one tone."""
    channel, _, start = run_with_cues(
        catalogue, clock, PlanOptions(only=("knee-rolls", "knees-to-chest"), lead_in=10, rest=5)
    )
    tones = [(round(t - start, 2), clip.sound) for t, clip, _ in channel.heard if clip.kind is CueKind.TONE]
    assert tones[:4] == [
        (10, Sound.HOLD_START),
        (20, Sound.SIDE_CHANGE),
        (25, Sound.HOLD_START),
        (35, Sound.SIDE_CHANGE),
    ]
    assert (95, Sound.EXERCISE_END) in tones
    assert Sound.HOLD_END not in [sound for t, sound in tones if t == 95]
    assert [sound for _, sound in tones[-2:]] == [Sound.HOLD_START, Sound.SESSION_END]
    assert len(set(cues.MELODIES.values())) == len(Sound)


def test_keep_breathing_is_heard_with_every_hold_of_an_exercise_that_asks_for_it(
    catalogue: Catalogue, clock: FakeClock
) -> None:
    """Stomach tone's 5-s holds: "keep breathing" right after "hold", and "three" dropped rather than cut."""
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("stomach-tone",), lead_in=10))
    texts = channel.texts()
    holds = [i for i, text in enumerate(texts) if text.endswith("Hold.")]
    assert len(holds) == 3
    assert all(texts[i + 1] == "Keep breathing." for i in holds)
    assert "three" not in texts


def test_caution_and_its_question_are_said_while_waiting_and_the_name_after(
    catalogue: Catalogue, clock: FakeClock
) -> None:
    """The hamstring caution and its question play before the answer; the name and position follow, after it."""
    slow = answer(Answer.YES, clock=clock, takes=40.0)
    channel, timeline, start = run_with_cues(
        catalogue, clock, PlanOptions(only=("hamstring-stretch",)), confirm=slow, ask=True
    )
    texts = channel.texts()
    assert texts[0].startswith("Caution before Hamstring stretch. With acute sciatica")
    assert texts[1] == "Do Hamstring stretch now? Press y for yes, or n for no to skip it."
    assert texts[2] == "Hamstring stretch. Standing steady, with a chair in front of you."
    waited = 40.0 - timeline.waits[0]
    assert channel.heard[2][0] - start == pytest.approx(timeline.cues[2].start + waited)


def test_a_quick_answer_lets_the_caution_be_heard_whole_and_asks_no_more(
    catalogue: Catalogue, clock: FakeClock
) -> None:
    """Answered at once: the caution is not cut, its question is not asked, and the lead-in follows the caution."""
    channel, timeline, _ = run_with_cues(
        catalogue, clock, PlanOptions(only=("hamstring-stretch",)), confirm=answer(Answer.YES), ask=True
    )
    (t0, caution, _), (t1, lead_in, queued) = channel.heard[:2]
    assert caution.text.startswith("Caution before Hamstring stretch.")
    assert lead_in.text == "Hamstring stretch. Standing steady, with a chair in front of you."
    assert t1 == pytest.approx(t0 + span(caution))
    assert not queued
    assert "Do Hamstring stretch now? Press y for yes, or n for no to skip it." not in channel.texts()
    question = timeline.cues[1]
    assert question.clip.text == "Do Hamstring stretch now? Press y for yes, or n for no to skip it."


@pytest.mark.parametrize(("takes", "asked"), [(0.5, False), (None, True)])
def test_the_question_is_asked_unless_answered_before_it(
    catalogue: Catalogue, clock: FakeClock, takes: float | None, asked: bool
) -> None:
    """Answered while the caution is said: no question. Answered once it has begun: it is heard whole."""
    timeline = timeline_for(catalogue, PlanOptions(only=("hamstring-stretch",)), ask=True)
    caution, question = timeline.cues[0], timeline.cues[1]
    late = span(caution.clip) + 0.5  # half a second into the question
    confirm = answer(Answer.NO, clock=clock, takes=takes if takes is not None else late)
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("hamstring-stretch",)), confirm=confirm, ask=True)
    assert (question.clip.text in channel.texts()) is asked
    assert channel.texts()[0] == caution.clip.text


def test_pain_key_says_the_advice_and_waits_for_it(catalogue: Catalogue, clock: FakeClock) -> None:
    """p mid-hold speaks the advice whole; the next exercise's name starts only when the advice ends."""
    keys = ScriptedKeys([(clock.now() + 12, Command.PAIN), (clock.now() + 14, Command.OTHER)])
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("pelvic-tilt", "stomach-tone")), keys=keys)
    texts = channel.texts()
    advice = f"Stomach tone is stopped: it hurts. {catalogue.pain_advice} Press any key to go on, or q to quit."
    i = texts.index(advice)
    assert texts[i + 1] == "Pelvic tilt. Lying down with your knees bent."
    advice_start, advice_clip, _ = channel.heard[i]
    assert channel.heard[i + 1][0] >= advice_start + advice_clip.seconds
    assert not channel.heard[i + 1][2]


def test_a_pause_moves_every_later_cue_by_its_length(catalogue: Catalogue, clock: FakeClock) -> None:
    """Paused for 30 s mid-hold: "paused" and "go on" are said, and the rest of the timeline comes 30 s later."""
    keys = ScriptedKeys([(clock.now() + 11, Command.PAUSE), (clock.now() + 41, Command.PAUSE)])
    channel, timeline, start = run_with_cues(catalogue, clock, PlanOptions(only=("pelvic-tilt",)), keys=keys)
    texts = channel.texts()
    assert "Paused." in texts
    assert "Go on." in texts
    planned = {c.clip.text: c.start for c in timeline.cues if c.start > 20}
    later = [(t - start, clip.text) for t, clip, _ in channel.heard if t - start > 50 and clip.text in planned]
    assert later
    assert all(t == pytest.approx(planned[text] + 30) for t, text in later if text.startswith("Rep"))


def test_pain_key_says_our_advice_when_the_catalogue_has_none(catalogue: Catalogue, clock: FakeClock) -> None:
    """With a catalogue that gives no `pain_advice`, p still speaks the advice to stop and ask a physiotherapist."""
    keys = ScriptedKeys([(clock.now() + 12, Command.PAIN), (clock.now() + 14, Command.OTHER)])
    without = dataclasses.replace(catalogue, pain_advice=None)
    channel, _, _ = run_with_cues(without, clock, PlanOptions(only=("pelvic-tilt",)), keys=keys)
    assert f"Pelvic tilt is stopped: it hurts. {STOP_IF_IT_HURTS} Press any key to end." in channel.texts()


def test_speech_is_an_argument_list_with_no_shell() -> None:
    """espeak-ng gets voice, rate and text as separate arguments; PowerShell reads the text from the environment."""
    assert speech_command("espeak-ng", "/usr/bin/espeak-ng", "Hold; rm -rf ~", "en-gb") == (
        ["/usr/bin/espeak-ng", "-v", "en-gb", "-s", "175", "--", "Hold; rm -rf ~"],
        None,
    )
    argv, env = speech_command("powershell", "powershell.exe", "Hold $(evil)", None)
    assert "Hold $(evil)" not in " ".join(argv)
    assert env == {"BACKREHAB_SAY": "Hold $(evil)"}


def test_a_clip_handed_in_while_another_plays_waits_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The channel starts the second player only once the first has exited: nothing cut, nothing on top."""
    calls: list[str] = []
    first, second = Mock(spec_set=subprocess.Popen), Mock(spec_set=subprocess.Popen)
    first.wait.side_effect = lambda timeout=None: calls.append("first ended") or 0
    second.wait.side_effect = lambda timeout=None: calls.append("second ended") or 0

    def popen(argv: list[str], **kwargs: object) -> Mock:
        calls.append(f"start {argv[-1]}")
        assert kwargs["stdout"] is subprocess.DEVNULL
        assert kwargs["stderr"] is subprocess.DEVNULL
        return first if len(calls) == 1 else second

    monkeypatch.setattr(subprocess, "Popen", popen)
    channel = ProcessChannel(speech=lambda text: (["/usr/bin/espeak-ng", "--", text], None), tones=None)
    channel.play(Clip(CueKind.SPEECH, "Relax. Other side: right knee.", 2.0))
    channel.play(Clip(CueKind.SPEECH, "Right knee, rep 1 of 5. Hold.", 2.0))
    channel.close(finish=True)
    assert calls == [
        "start Relax. Other side: right knee.",
        "first ended",
        "start Right knee, rep 1 of 5. Hold.",
        "second ended",
    ]


def test_a_withdrawn_clip_is_not_played_though_the_player_already_holds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question answered while the caution is said is dropped; the clip after it is heard as ever."""
    started: list[str] = []
    holding_the_question, caution_ends = threading.Event(), threading.Event()

    def caution_playing(timeout: float | None = None) -> int:
        holding_the_question.set()  # the channel's thread waits for the caution, the question in hand
        caution_ends.wait(5)
        return 0

    real_popen = subprocess.Popen

    def popen(argv: list[str], **kwargs: object) -> Mock:
        started.append(argv[-1])
        process = Mock(spec_set=real_popen)
        process.wait.side_effect = caution_playing if len(started) == 1 else (lambda timeout=None: 0)
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    channel = ProcessChannel(speech=lambda text: (["/usr/bin/espeak-ng", "--", text], None), tones=None)
    caution, question, lead_in = (Clip(CueKind.SPEECH, text, 1.0) for text in ("Caution.", "Do it now?", "Lunge."))
    for clip in (caution, question, lead_in):
        channel.play(clip)
    assert holding_the_question.wait(5)
    channel.withdraw(question)
    caution_ends.set()
    channel.close(finish=True)
    assert started == ["Caution.", "Lunge."]


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


def test_a_skipped_exercise_is_not_said_done(catalogue: Catalogue, clock: FakeClock) -> None:
    """n mid-hold: "stomach tone skipped", never "stomach tone done", then the next exercise's name."""
    keys = ScriptedKeys([(clock.now() + 11, Command.NEXT)])
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("stomach-tone", "pelvic-tilt")), keys=keys)
    texts = channel.texts()
    assert "Stomach tone done." not in texts
    i = texts.index("Stomach tone skipped.")
    assert texts[i + 1] == "Pelvic tilt. Lying down with your knees bent."


def test_quitting_during_the_opening_says_only_that_the_session_ended(catalogue: Catalogue, clock: FakeClock) -> None:
    """q while the opening is read: what was still to come is dropped and "session ended" follows the phrase playing."""
    keys = ScriptedKeys([(clock.now() + 1, Command.QUIT)])
    options = PlanOptions(only=("pelvic-tilt",))
    timeline = timeline_for(catalogue, options, opening=True)
    channel = RecordingChannel(clock)
    plan = make_plan(catalogue, options)
    cues_listener = Cues(catalogue, channel=channel, timeline=timeline)
    run_session(
        plan=plan,
        clock=clock,
        listeners=[cues_listener],
        confirm=answer(Answer.YES),
        keys=keys,
        waits=timeline.spoken_waits(),
    )
    cues_listener.close()
    assert channel.texts() == ["Today's session: 1 exercise, about 1 minute.", "Session ended."]
    assert channel.closed is True


@pytest.mark.parametrize("opening", [True, False])
def test_the_opening_says_how_long_it_is_spoken(catalogue: Catalogue, clock: FakeClock, opening: bool) -> None:
    """With no key to wait for, the opening stays only while it is said: the view is told so, to draw it or not."""
    from backrehab.audio.timeline import OPENING
    from backrehab.session.events import OpeningShown

    from .fakes import Recorder

    options = PlanOptions(only=("pelvic-tilt",))
    timeline = timeline_for(catalogue, options, opening=opening)
    recorder = Recorder(clock)
    run_session(
        plan=make_plan(catalogue, options),
        clock=clock,
        listeners=[recorder],
        confirm=answer(Answer.YES),
        waits=timeline.spoken_waits(),
    )
    [(_, shown)] = recorder.of(OpeningShown)
    assert isinstance(shown, OpeningShown)
    assert shown.seconds == 0
    assert shown.spoken == timeline.waits.get(OPENING, 0.0)
    assert shown.stays is opening


def test_a_declined_exercise_is_never_said_done(catalogue: Catalogue, clock: FakeClock) -> None:
    """n at the hamstring caution: nothing of the hamstring stretch's end is said ("Relax.", "... done."); the
    next exercise's name follows the question. The same when no one could be asked."""
    options = PlanOptions(only=("hamstring-stretch", "one-leg-stand"))
    for value, ask in ((Answer.NO, True), (Answer.NOT_ASKED, False)):
        channel, _, _ = run_with_cues(catalogue, clock, options, confirm=answer(value, clock=clock, takes=30), ask=ask)
        texts = channel.texts()
        assert "Hamstring stretch done." not in texts
        assert texts[1 if ask else 0].startswith("Caution before Hamstring stretch" if not ask else "Do Hamstring")
        following = texts[2 if ask else 1]
        assert following.startswith("One-leg stand."), texts[:4]
        assert "One-leg stand done." in texts


def test_an_exercise_done_is_said_done(catalogue: Catalogue, clock: FakeClock) -> None:
    """Walked to its end, an exercise is still said done, after its last relax."""
    channel, _, _ = run_with_cues(catalogue, clock, PlanOptions(only=("pelvic-tilt", "stomach-tone")))
    texts = channel.texts()
    assert texts.index("Pelvic tilt done.") > texts.index("Relax.")


def test_a_pause_shorter_than_the_phrase_playing_says_neither_paused_nor_go_on(
    catalogue: Catalogue, clock: FakeClock
) -> None:
    """Paused and resumed while the lead-in is still said: "Paused." would come after the pause is over, so it
    and "Go on." are not said at all."""
    options = PlanOptions(only=("pelvic-tilt",))
    keys = ScriptedKeys([(clock.now() + 0.5, Command.PAUSE), (clock.now() + 1.0, Command.PAUSE)])
    channel, _, _ = run_with_cues(catalogue, clock, options, keys=keys)
    assert "Paused." not in channel.texts()
    assert "Go on." not in channel.texts()


def test_go_on_never_pushes_the_countdown_late(catalogue: Catalogue, clock: FakeClock) -> None:
    """Resumed a second before a hold ends: "Go on." would push "one" and the end tone late, so it is not said;
    every planned cue after the resume is heard exactly when it is due."""
    options = PlanOptions(only=("pelvic-tilt",))
    timeline = timeline_for(catalogue, options)
    hold = next(c for c in timeline.cues if c.clip.text.startswith("Rep 1 of"))
    one = next(c for c in timeline.cues if c.clip.text == "one" and c.start > hold.start)
    start = clock.now()
    pause_at = start + one.start - 0.3  # "one" is due 0.3 s after the resume
    keys = ScriptedKeys([(pause_at, Command.PAUSE), (pause_at + 20, Command.PAUSE)])
    channel, _, _ = run_with_cues(catalogue, clock, options, keys=keys)
    heard_one = next(t for t, clip, _ in channel.heard if t > pause_at + 20 and clip.text == "one")
    assert heard_one == pytest.approx(start + one.start + 20)
    assert all(not queued for t, _, queued in channel.heard if t > pause_at + 20)
    assert "Paused." in channel.texts()
    assert "Go on." not in channel.texts()


def test_dropping_what_is_queued_drops_the_clip_the_thread_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """q while a phrase plays: the next clip, already in the channel's thread, is never started; only the phrase
    in progress ends, and "Session ended." follows it."""
    started: list[str] = []
    first_playing, first_ends = threading.Event(), threading.Event()

    def playing(timeout: float | None = None) -> int:
        first_playing.set()
        first_ends.wait(5)
        return 0

    real_popen = subprocess.Popen

    def popen(argv: list[str], **kwargs: object) -> Mock:
        started.append(argv[-1])
        process = Mock(spec_set=real_popen)
        process.wait.side_effect = playing if len(started) == 1 else (lambda timeout=None: 0)
        process.poll.return_value = None
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    channel = ProcessChannel(speech=lambda text: (["/usr/bin/espeak-ng", "--", text], None), tones=None)
    channel.play(Clip(CueKind.SPEECH, "Today's session: 1 exercise.", 1.0))
    channel.play(Clip(CueKind.SPEECH, "Press space to pause, and q to quit.", 1.0))
    assert first_playing.wait(5)
    channel.drop_pending()
    channel.play(Clip(CueKind.SPEECH, "Session ended.", 1.0))
    first_ends.set()
    channel.close(finish=True)
    assert started == ["Today's session: 1 exercise.", "Session ended."]


def test_the_opening_names_the_keys_only_when_keys_work(catalogue: Catalogue) -> None:
    """With standard input not a terminal no key works: the opening does not say "press space to pause"."""
    plan = make_plan(catalogue, PlanOptions(only=("pelvic-tilt",)))
    texts = {
        keys: [c.clip.text for c in build_timeline(plan, catalogue, Voicing(estimate_seconds, None, keys=keys)).cues]
        for keys in (True, False)
    }
    assert "Press space to pause, and q to quit." in texts[True]
    assert "Press space to pause, and q to quit." not in texts[False]


def test_plan_cues_without_an_engine_lists_the_tones_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """--plan --cues with voice on and no speech engine: what a session would play, tones only, and a note why."""
    monkeypatch.setattr(cues, "find_engine", lambda which=None: None)
    result = CliRunner().invoke(
        main,
        ["session", "--plan", "--cues", "--only", "pelvic-tilt", "--voice", "--sound"],
        obj=fake_surroundings(),
        catch_exceptions=False,
    )
    lines = result.stdout.splitlines()
    cue_rows = [line for line in lines if " s  " in line]
    assert cue_rows
    assert all(" tone " in line for line in cue_rows)
    assert lines[-1].startswith("No speech engine found: only tones are heard.")


def test_plan_cues_count_from_the_end_of_the_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session goes on when the opening ends: the first hold is listed 10 s after it (the lead-in), as played,
    not after the opening's words at their shortest."""
    monkeypatch.setattr(cues, "find_engine", lambda which=None: ("say", "/usr/bin/say"))  # lengths estimated
    result = CliRunner().invoke(
        main,
        ["session", "--plan", "--cues", "--only", "pelvic-tilt", "--sound", "--voice"],
        obj=fake_surroundings(),
        catch_exceptions=False,
    )
    first_tone = next(line for line in result.stdout.splitlines() if "hold-start" in line)
    assert first_tone.split()[0] == "0:10.0"


def test_one_player_stays_open_for_every_clip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a player that can stay open, every clip's frames go to that one process, in order; none is started
    per clip."""
    heard = tmp_path / "heard.raw"
    started: list[str] = []
    real_popen = subprocess.Popen

    def popen(argv: list[str], **kwargs: Any) -> Any:
        started.append(argv[0])
        return real_popen(argv, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    stream = cues.Stream(["sh", "-c", f"cat > '{heard}'"])
    channel = ProcessChannel(
        speech=lambda text: (["false"], None), tones=None, stream=stream, frames=lambda clip: clip.text.encode()
    )
    for text in ("one ", "two ", "three"):
        channel.play(Clip(CueKind.SPEECH, text, 0.0))
    channel.close(finish=True)
    assert heard.read_bytes() == b"one two three"
    assert started == ["sh"]


class DeadStream(cues.Stream):
    """A player kept open that ended at once, as one does with no sound device."""

    def __init__(self) -> None:
        super().__init__(["false"])
        self.writes = 0

    def write(self, frames: bytes) -> bool:
        self.writes += 1
        self.dead = True
        return False


def test_a_player_that_cannot_play_here_is_not_replaced_by_one_per_clip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the player kept open has ended by itself, the clips it would have played start no process each."""
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kwargs: started.append(argv))
    stream = DeadStream()
    channel = ProcessChannel(
        speech=lambda text: (["espeak-ng", "--", text], None), tones=None, stream=stream, frames=lambda clip: b"x"
    )
    for text in ("one", "two"):
        channel.play(Clip(CueKind.SPEECH, text, 0.0))
    channel.close(finish=True)
    assert (stream.writes, started) == (1, [])


def test_each_player_that_can_stay_open_reads_raw_frames() -> None:
    """paplay, aplay and sox's play are kept open on raw mono 16-bit frames; afplay plays a file at a time."""
    assert cues.stream_command("aplay") == ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", "22050", "-c", "1"]
    assert cues.stream_command("paplay") is not None
    assert cues.stream_command("play") is not None
    assert cues.stream_command("afplay") is None
