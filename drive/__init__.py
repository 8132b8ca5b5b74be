"""Drive a running instance over HTTP as people would: start a server, browse its pages, post
its forms, seed a workshop, and check afterwards that every acknowledged answer was stored
once. Shared by the benchmarks (scripts/) and the tests that need a real server (tests/faults,
tests/test_limits_gunicorn.py), so neither imports the other."""
