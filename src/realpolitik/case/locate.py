"""Find the line of every key, table and array element in a TOML text.

``tomllib`` gives values but no positions. Errors found after parsing (an unknown actor, a
salience of 120) must still name the line, so this module walks the text once and records,
for every path such as ``("issues", 2, "positions", 0, "salience", "value")``, the line where
that value starts. It assumes the text already parsed with ``tomllib`` and is lenient about
anything else.
"""

from __future__ import annotations

from collections.abc import Mapping

Path_ = tuple[str | int, ...]

_BARE_KEY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = set(",]}\n#")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path_, int] = {}
        self.table_arrays: dict[Path_, int] = {}

    # -- low-level helpers -------------------------------------------------------------
    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def skip_space(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.advance()
            else:
                return

    def record(self, path: Path_, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- grammar -----------------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_space(newlines=False)
            char = self.peek()
            if char in "\"'":
                parts.append(self.string())
            else:
                start = self.pos
                while self.peek() in _BARE_KEY_CHARS and self.peek():
                    self.advance()
                parts.append(self.text[start : self.pos])
            self.skip_space(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return parts

    def string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            self.advance(3)
            start = self.pos
            while self.pos < len(self.text) and not self.text.startswith(quote * 3, self.pos):
                if quote == '"' and self.peek() == "\\":
                    self.advance()
                self.advance()
            value = self.text[start : self.pos]
            self.advance(3)
            while self.peek() == quote:  # up to two quotes may close the content
                self.advance()
            return value
        self.advance()
        start = self.pos
        while self.pos < len(self.text) and self.peek() != quote and self.peek() != "\n":
            if quote == '"' and self.peek() == "\\":
                self.advance()
            self.advance()
        value = self.text[start : self.pos]
        self.advance()
        return value

    def value(self, path: Path_) -> None:
        self.record(path, self.line)
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char == "[":
            self.advance()
            index = 0
            while True:
                self.skip_space(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                self.value((*path, index))
                index += 1
                self.skip_space(newlines=True)
                if self.peek() == ",":
                    self.advance()
        elif char == "{":
            self.advance()
            while True:
                self.skip_space(newlines=True)
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                self.key_value(path)
                self.skip_space(newlines=True)
                if self.peek() == ",":
                    self.advance()
        else:
            while self.pos < len(self.text) and self.peek() not in _SCALAR_END:
                self.advance()

    def key_value(self, table: Path_) -> None:
        line = self.line
        keys = self.key()
        for depth in range(1, len(keys) + 1):
            self.record((*table, *keys[:depth]), line)
        self.skip_space(newlines=False)
        if self.peek() == "=":
            self.advance()
        self.skip_space(newlines=False)
        self.value((*table, *keys))

    def resolve(self, keys: list[str]) -> Path_:
        """Insert the current index after every prefix that is an array of tables."""
        path: Path_ = ()
        for key in keys:
            path = (*path, key)
            if path in self.table_arrays:
                path = (*path, self.table_arrays[path] - 1)
        return path

    def header(self) -> Path_:
        line = self.line
        is_array = self.text.startswith("[[", self.pos)
        self.advance(2 if is_array else 1)
        keys = self.key()
        self.advance(2 if is_array else 1)
        if is_array:
            parent = self.resolve(keys[:-1])
            full = (*parent, keys[-1])
            index = self.table_arrays.get(full, 0)
            self.table_arrays[full] = index + 1
            self.record(full, line)
            path: Path_ = (*full, index)
        else:
            path = self.resolve(keys)
        self.record(path, line)
        return path

    def document(self) -> dict[Path_, int]:
        table: Path_ = ()
        while True:
            self.skip_space(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                before = self.pos
                self.key_value(table)
                if self.pos == before:  # not valid TOML after all: stop rather than loop
                    return self.lines


def line_index(text: str) -> dict[Path_, int]:
    """Map each path in a (valid) TOML text to the 1-based line where it starts."""
    return _Scanner(text).document()


def line_of(index: Mapping[Path_, int], path: Path_) -> int | None:
    """The line of ``path``, or of its longest prefix that has one."""
    for length in range(len(path), 0, -1):
        found = index.get(path[:length])
        if found is not None:
            return found
    return None
