"""The soak and fault suite of the editors' desk: see tests/soak/README.md."""
