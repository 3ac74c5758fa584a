import pytest

from bench import wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8710/static/css/main.css
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.20ms  30.00ms   90.00%
  51234 requests in 10.00s, 1.20GB read
  Non-2xx or 3xx responses: 3
Requests/sec:   5123.40
BENCH_JSON {"requests": 51234, "duration_us": 10000000, "p50_us": 2950, \
"p99_us": 12500, "connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2, \
"exhausted": 0}
"""


def test_parse_reads_the_report_line():
    figures = wrk.parse(WRK_OUTPUT)
    assert figures.requests == 51234
    assert figures.rps == pytest.approx(5123.4)
    assert figures.p50_ms == pytest.approx(2.95)
    assert figures.p99_ms == pytest.approx(12.5)


def test_errors_are_socket_errors_timeouts_and_bad_statuses():
    assert wrk.parse(WRK_OUTPUT).errors == 1 + 3 + 2


def test_a_run_without_a_report_line_is_an_error():
    with pytest.raises(wrk.WrkError, match="no report line"):
        wrk.parse("unable to connect to 127.0.0.1:8710 Connection refused\n")


def test_the_report_is_appended_to_the_rows_script():
    script = wrk.script_with_report("donate_click.lua")
    assert script.index("X-Forwarded-For") < script.index("BENCH_JSON")


def test_command_passes_headers_and_script_arguments():
    arguments = wrk.command(
        "http://127.0.0.1:8710/",
        16,
        10,
        2,
        {"X-Forwarded-Proto": "https"},
        "bench/lua/x.lua",
        ["123", "2"],
    )
    assert arguments[:2] == ["wrk", "--threads=2"]
    assert ["--header", "X-Forwarded-Proto: https"] == arguments[6:8]
    assert arguments[-4:] == ["http://127.0.0.1:8710/", "--", "123", "2"]
