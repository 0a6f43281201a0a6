#!/usr/bin/env bash
# The Security page on http://127.0.0.1:PORT/ : ./examples/web.sh [PORT]
exec "$(dirname "$0")/run.sh" dev.twofa.examples.web.SecurityPageServer "${1:-0}"
