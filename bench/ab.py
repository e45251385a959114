#!/usr/bin/env python3
# Alternates two or more builds of a benchmark, each size in its own process,
# and prints the minimum and median of each (docs/PERFORMANCE.md, session 12).
# Usage: bench/ab.py ROUNDS FILTER BINARY...   e.g. bench/ab.py 8 BM_AllRules old/skyplan_checks_bench build/bench/skyplan_checks_bench
# A build timed around the index passes also prints "nodes X ms links Y ms", shown too.
# Then the ratio of each round (its 100k run over its 10k run): the spread one pair of runs can show.
import subprocess, sys, re, statistics, collections
if len(sys.argv) < 4 or not sys.argv[1].isdigit():
    sys.exit('usage: bench/ab.py ROUNDS FILTER BINARY...  (e.g. 8 BM_AllRules old/skyplan_checks_bench build/bench/skyplan_checks_bench)')
rounds=int(sys.argv[1]); filt=sys.argv[2]; bins=sys.argv[3:]
res=collections.defaultdict(list)
for r in range(rounds):
    for b in bins:
        for n in (10000,100000):
            out=subprocess.run([b,f'--benchmark_filter={filt}/{n}$','--benchmark_min_time=0.3'],capture_output=True,text=True)
            for line in (out.stdout+out.stderr).splitlines():
                m=re.match(r'(\S+)\s+([\d.]+) ms',line)
                if m: res[(b,n,'total')].append(float(m.group(2)))
                m=re.search(r'nodes ([\d.]+) ms links ([\d.]+) ms',line)
                if m: res[(b,n,'nodes')].append(float(m.group(1))); res[(b,n,'links')].append(float(m.group(2)))
for b in bins:
    for k in ('total','nodes','links'):
        a=res[(b,10000,k)]; c=res[(b,100000,k)]
        if not a: continue
        print(f'{b:28s} {k:6s} 10k min {min(a):8.3f} med {statistics.median(a):8.3f} | 100k min {min(c):8.3f} med {statistics.median(c):8.3f} | ratio min {min(c)/min(a):5.2f} med {statistics.median(c)/statistics.median(a):5.2f}')
        if k == 'total' and len(a) == len(c) and len(a) > 1:
            # Each round's 100k run over the 10k run just before it: how far one pair's ratio strays.
            pairs = sorted(y / x for x, y in zip(a, c))
            print(f'{"":28s} {"":6s} ratio of each round: lowest {pairs[0]:5.2f} median {statistics.median(pairs):5.2f} highest {pairs[-1]:5.2f}; at most 12x in {sum(r <= 12 for r in pairs)} of {len(pairs)}')
