"""bench/results/confirmations.md from the results of ``bench/confirmations.py`` (no Django)."""


def confirmations_report(machine: str, runs: dict[str, dict]) -> str:
    """bench/results/confirmations.md."""
    lines = ["# Confirmation run benchmark", "", f"Machine: {machine}.", ""]
    lines += [
        "One district, 1,000 organisations with an e-mail address, every published offer due within",
        "the notice period. A run builds one e-mail per organisation (plain text and HTML, three",
        "signed links per offer) and sends it to a local SMTP server (aiosmtpd in the same process,",
        "one SMTP connection per run). *seconds*: wall time; the request run is the median of the",
        "rounds (each from scratch); reminder and escalation run once. *CPU seconds*: CPU time of the",
        "benchmark process (Django, SQLite, the SMTP server thread; not the PostgreSQL server), which",
        "shows the work when the machine is shared. *queries*: all SQL statements of the run,",
        "*inserts* of them the batched INSERTs, *other queries* the rest: the same for 2,000 and",
        "10,000 offers of the same 1,000 organisations.",
        "",
    ]
    rows: list[tuple] = []
    for db, run in runs.items():
        r = run["confirmations"]
        for step in ("request_2000", "request", "second_run", "reminder", "escalation"):
            s = r[step]
            rows.append(
                (
                    db,
                    "request" if step == "request_2000" else step.replace("_", " "),
                    2000 if step == "request_2000" else r["offers"],
                    s["seconds"],
                    s.get("cpu_seconds", ""),
                    s["queries"],
                    s["inserts"],
                    s["queries"] - s["inserts"],
                    s.get("smtp_messages", s["sent"]),
                    s["requested"] + s["reminded"] + s["escalated"],
                )
            )
        lines.append(
            f"{db}: request run rounds {r['request_rounds']} s; "
            f"average e-mail {r['request']['mail_kb_avg']} KB."
        )
    lines.append("")
    lines += [
        "| database | run | due offers | seconds | CPU seconds | queries | inserts | other queries "
        "| e-mails sent | offers asked/reminded/escalated |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
