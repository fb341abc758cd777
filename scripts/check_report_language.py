#!/usr/bin/env python3
"""Checks that a page rendered by Chromium (its --dump-dom) is in one language.

Usage: check_report_language.py zh|en DOM_HTML [--allow TOKEN ...] SCENARIO_DIR [SCENARIO_DIR ...]

Every text a reader can see or hover over is read: text nodes outside <style>/<script> and the
SVG <title> tooltips, plus alt/aria-label/title attributes.
- zh: no ASCII word of 3 letters or more, except proper names from the data and the tiny
  ALLOWED list below (each entry says why it is there).
- en: no CJK character, except in proper names from the data.
Proper names from the data are the district, school and unit names of each scenario's CSVs and
the districts and name in its scenario.yaml or its folder's name (school, district, unit and
scenario names). Exit 1 with the offending texts when the page mixes languages.
"""
import csv
import html.parser
import re
import sys
from pathlib import Path

# File names the reader opens ("见 plan.csv") are not words of a language: they are removed
# before the check. --allow adds tokens the user typed (a sweep's --set key); nothing else is
# allowed.
FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.(?:csv|xlsx|html|md|json|txt)\b")

CJK = re.compile(r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


class Texts(html.parser.HTMLParser):
    """Visible and hover texts of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        for name, value in attrs:
            if name in ("alt", "aria-label", "title") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if any(tag in ("style", "script") for tag in self.stack):
            return
        if data.strip():
            self.texts.append(data.strip())


def names(scenario_dirs):
    """Proper names from the data: districts, schools and units, longest first."""
    found = set()
    for folder in map(Path, scenario_dirs):
        found.add(folder.resolve().name)  # a scenario without `name:` is called after its folder
        for table in ("schools.csv", "social.csv"):
            path = folder / table
            if not path.exists():
                continue
            with path.open(encoding="utf-8-sig") as handle:
                for row in csv.DictReader(handle):
                    for key in ("district", "school", "name", "unit", "区县", "学校", "单位", "名称"):
                        if row.get(key):
                            found.add(row[key].strip())
        yaml = folder / "scenario.yaml"
        if yaml.exists():
            in_districts = False
            for line in yaml.read_text(encoding="utf-8").splitlines():
                stripped = line.split("#", 1)[0].rstrip()
                if stripped.startswith("name:"):
                    found.add(stripped.split(":", 1)[1].strip())
                if stripped.startswith("districts:"):
                    in_districts = True
                    continue
                if in_districts:
                    if stripped.strip().startswith("- "):
                        found.add(stripped.strip()[2:].strip())
                    elif stripped and not stripped.startswith(" "):
                        in_districts = False
    return sorted((n for n in found if n), key=len, reverse=True)


def offending(language, texts, proper, allowed):
    problems = []
    for text in texts:
        rest = FILE_NAME.sub(" ", text)
        for name in proper:
            if name in rest:
                rest = rest.replace(name, " ")
        if language == "zh":
            words = [w for w in ASCII_WORD.findall(rest) if w not in allowed]
            if words:
                problems.append((text, " ".join(sorted(set(words)))))
        else:
            chars = CJK.findall(rest)
            if chars:
                problems.append((text, "".join(sorted(set(chars)))))
    return problems


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("zh", "en"):
        print(__doc__)
        return 64
    language, dom = sys.argv[1], Path(sys.argv[2])
    arguments, allowed, folders = sys.argv[3:], set(), []
    while arguments:
        argument = arguments.pop(0)
        if argument == "--allow" and arguments:
            allowed.update(ASCII_WORD.findall(arguments.pop(0)))
        else:
            folders.append(argument)
    parser = Texts()
    parser.feed(dom.read_text(encoding="utf-8"))
    proper = names(folders)
    problems = offending(language, parser.texts, proper, allowed)
    other = "English" if language == "zh" else "Chinese"
    if problems:
        print(f"{dom}: {len(problems)} texts with {other} words in the {language} page:")
        for text, words in problems[:40]:
            print(f"  [{words}] {text[:160]}")
        return 1
    print(f"{dom}: {len(parser.texts)} texts, none in {other} (apart from {len(proper)} proper names from the data)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
