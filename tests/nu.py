"""The Nu HTML Checker: vnu.jar from npm's vnu-jar, run by Debian's Java."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

VNU_JAR = (
    Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
)


def check(documents: dict[str, str]) -> list[dict]:
    """Check every document in one run, since starting Java is the slow part.

    Returns the checker's messages, each with the name of its document added.
    """
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        raise RuntimeError(
            "The Nu HTML Checker needs Java and node_modules/vnu-jar; `make test` "
            "installs both (scripts/test-setup.sh, package.json)."
        )
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for position, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{position:02}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", folder],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    messages = json.loads(result.stdout)["messages"]
    for message in messages:
        # The checker names files by URL, such as file:/tmp/…/03.html.
        file_name = message.get("url", "").rpartition("/")[2]
        message["document"] = names.get(file_name, message.get("url", "?"))
    return messages


def is_error(message: dict) -> bool:
    return message["type"] in {"error", "non-document-error"}


def describe(message: dict) -> str:
    return (
        f"{message['document']}, line {message.get('lastLine', '?')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
    )
