"""``python bench/calls.py NAME N URL``: one contender's N calls, for callgrind to count."""

import sys

from contenders import run

if __name__ == "__main__":
    name, n, url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    run(name, url, n)
