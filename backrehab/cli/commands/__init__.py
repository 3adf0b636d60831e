"""The commands themselves, each module loaded only when one of its commands runs."""
