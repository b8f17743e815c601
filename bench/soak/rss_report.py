"""Reads rss_sampler.py's CSV: memory at the first sample with at least --mark patterns done and at
the last sample, the growth between them, pass/fail against --limit percent of the peak (VmHWM at
the mark against the larger of the last VmHWM and --exit-peak-kb, the whole run's peak from wait4).

  python3 rss_report.py CSV [--mark 1000] [--limit 5] [--exit-peak-kb KB]   (exit 0 pass, 1 fail, 2 no data)
"""

import argparse
import csv
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--mark", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=5.0)
    parser.add_argument("--exit-peak-kb", type=float, default=0,
                        help="peak resident memory over the whole life (wait4's ru_maxrss): the end peak")
    args = parser.parse_args()
    with open(args.csv) as f:
        rows = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]
    at_mark = next((r for r in rows if r["patterns"] >= args.mark), None)
    if at_mark is None:
        print(f"rss: no sample at >= {args.mark} patterns ({len(rows)} samples)")
        return 2
    end = rows[-1]
    end_peak = max(end["vmhwm_kb"], args.exit_peak_kb)
    hwm_growth = 100.0 * (end_peak - at_mark["vmhwm_kb"]) / at_mark["vmhwm_kb"]
    rss_growth = 100.0 * (end["vmrss_kb"] - at_mark["vmrss_kb"]) / at_mark["vmrss_kb"]
    verdict = "PASS" if hwm_growth < args.limit else "FAIL"
    mib = lambda kb: kb / 1024.0
    print(f"rss: at {int(at_mark['patterns'])} patterns ({at_mark['seconds']:.1f} s): "
          f"VmRSS {mib(at_mark['vmrss_kb']):.1f} MiB, VmHWM {mib(at_mark['vmhwm_kb']):.1f} MiB; "
          f"last sample, {int(end['patterns'])} patterns ({end['seconds']:.1f} s): "
          f"VmRSS {mib(end['vmrss_kb']):.1f} MiB, VmHWM {mib(end['vmhwm_kb']):.1f} MiB; "
          f"peak over the whole run (wait4) {mib(args.exit_peak_kb):.1f} MiB; "
          f"growth: peak {hwm_growth:+.2f} %, resident {rss_growth:+.2f} %; "
          f"{verdict} (peak growth < {args.limit:g} %)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
