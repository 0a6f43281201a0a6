#!/usr/bin/env bash
# The terminal demo: ./examples/demo.sh [--auto] [--light | --dark] [--out DIR] [--help]
exec "$(dirname "$0")/run.sh" dev.twofa.examples.Demo "$@"
