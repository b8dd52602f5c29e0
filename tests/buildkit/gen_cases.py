#!/usr/bin/env python3
"""Writes the cases whose exact bytes matter (CRLF, BOM, tabs, control
characters, missing final newline, over-long lines) into cases/.

Run it after editing; the generated files are committed like the others.
"""
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
BOM = "\ufeff"
TAB = "\t"

GENERATED = {
    "crlf.Dockerfile": "\r\n".join([
        "FROM alpine",
        "RUN apk add \\",
        "    curl \\",
        "# comment inside",
        "    git",
        'LABEL description="multi \\',
        '    line" other=1',
        "RUN <<EOF",
        "echo crlf body",
        "EOF",
        "RUN echo trailing \\  ",
        "    spaces after the escape",
        'CMD ["a", "b"]',
        "",
    ]),
    "crlf-escape-directive.Dockerfile": "# escape=`\r\nFROM alpine\r\nRUN echo a `\r\n    b\r\n",
    "cr-only.Dockerfile": "FROM alpine\rRUN echo lone CR is not a newline\nRUN echo x\r\r\r\nRUN echo y \\\r\r\n  z\n",
    "bom.Dockerfile": BOM + "FROM alpine\nRUN echo bom\n",
    "bom-directive.Dockerfile": BOM + "# escape=`\nFROM alpine\nRUN echo a `\n    b\n",
    "bom-second-line.Dockerfile": "FROM alpine\n" + BOM + "RUN echo bom is only stripped on line 1\n",
    "bom-instruction-continues.Dockerfile": BOM + "RUN \\\n  echo x\nFROM alpine\n",
    "tabs.Dockerfile": "".join([
        "FROM\talpine\n",
        "RUN\techo\thi\t\n",
        "\tRUN echo tab indented\n",
        "ENV\tA=1\tB=2\n",
        "ENV\tLEGACY\tvalue\twith\ttabs\n",
        "COPY\t--chown=1:1\ta\tb\n",
        "RUN echo a \\\t\n",
        "\tb\n",
    ]),
    "heredoc-dash-tabs.Dockerfile": "".join([
        "FROM alpine\n",
        "RUN <<-EOF\n",
        "\techo stripped\n",
        "\t\techo two tabs\n",
        "\tEOF\n",
        "RUN <<-'EOT' cat\n",
        "  spaces are not stripped\n",
        "  EOT\n",
        "\t\tEOT\n",
        "RUN <<EOF\n",
        "\tEOF\n",
        "EOF\n",
        "COPY <<-EOF /x\n",
        "\tx\n",
        "\t EOF\n",
        "\tEOF\n",
    ]),
    "blank-continuation.Dockerfile": "".join([
        "FROM alpine\n",
        "RUN apt-get update && \\\n",
        "\n",
        "    apt-get install -y curl \\\n",
        "    \n",
        "\t\n",
        "    && rm -rf /var/lib/apt/lists/*\n",
        "RUN echo a \\\n",
        " \t \n",
        "\n",
        "# comment\n",
        "    b\n",
    ]),
    "no-final-newline.Dockerfile": "FROM alpine\nRUN echo no final newline",
    "trailing-escape-eof.Dockerfile": "FROM alpine\nRUN echo hi \\",
    "trailing-escape-eof-newline.Dockerfile": "FROM alpine\nRUN echo hi \\\n",
    "trailing-escape-eof-comment.Dockerfile": "FROM alpine\nRUN echo hi \\\n# trailing comment\n\n   ",
    "trailing-escape-eof-spaces.Dockerfile": "FROM alpine\nRUN echo hi \\ \t",
    "control-whitespace.Dockerfile": "".join([
        "FROM\x0balpine\n",
        "RUN\x0cecho form feed\n",
        "RUN echo trailing vertical tab\x0b\n",
        "RUN echo nbsp\u00a0\n",
        "RUN\u00a0echo nbsp is not a separator\n",
        "EXPOSE 80\x0b443\n",
        "RUN echo escape then vt \\\x0b\n",
        "RUN echo continues? \\\x0c\n",
        "ARG a\\\x0b\n",
        "RUN --mount=a\x0bb x\n",
        "CMD\x0b[\"vt\"]\n",
        "HEALTHCHECK\x0bCMD\x0b[\"x\"]\n",
    ]),
    "empty.Dockerfile": "",
    "comments-only.Dockerfile": "# syntax=docker/dockerfile:1\n# just a comment\n\n",
    "whitespace-only.Dockerfile": "  \n\t\n\n",
    "only-lone-escape.Dockerfile": "\\\n",
    "long-line-ok.Dockerfile": "FROM alpine\nRUN echo " + "x" * (65535 - len("RUN echo ")) + "\n",
    "long-line-too-long.Dockerfile": "FROM alpine\nRUN echo " + "x" * (70000 - len("RUN echo ")) + "\n",
}


def main() -> None:
    CASES.mkdir(exist_ok=True)
    for name, text in GENERATED.items():
        (CASES / name).write_bytes(text.encode("utf-8"))
    print(f"wrote {len(GENERATED)} generated cases to {CASES}")


if __name__ == "__main__":
    main()
