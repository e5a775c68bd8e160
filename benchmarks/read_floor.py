"""The floor: read every Python file's bytes under a folder, and nothing else.

No linter can check a file without reading it; the ratio to this says how much
of a run is spent beyond that.
"""

import os
import sys


def main(root: str) -> None:
    total = 0
    for directory, _folders, files in os.walk(root):
        for name in files:
            if name.endswith((".py", ".pyi")):
                with open(os.path.join(directory, name), "rb") as handle:
                    total += len(handle.read())
    print(total)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
