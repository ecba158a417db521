"""Handler modules that the tests resolve by dotted name."""
