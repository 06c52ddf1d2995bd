#!/usr/bin/env python3
"""Blind evaluation: questions and case texts written by someone who never read `knowledge/` or
`tests/eval/`, run through a `clinic` binary and scored.

  blind_eval.py ask-packet CLINIC QUESTIONS.jsonl OUT.jsonl [--today DATE]
      runs every question through `CLINIC ask --json` and writes, per question, what the officer
      would see (answer or the offered entries) with the whole text of each offered entry, for a
      judge who labels it (entries read from CLINIC_KNOWLEDGE, default ./knowledge, as clinic does).
  blind_eval.py score-ask LABELS.jsonl
      the figures from a judge's labels (one object per question: id, out_of_scope, verdict =
      right | wrong | declined, offered_right, top1_right).
  blind_eval.py score-confidence PACKET.jsonl LABELS.jsonl
      how well the confidence shown tells a right first entry from a wrong one on this set:
      AUC, and expected calibration error over 10 equal-width bins (in-scope questions).
  blind_eval.py score-route CLINIC TEXTS.jsonl
      `CLINIC route --json` on every case text against its `agency` label.
"""
import json, subprocess, sys, glob, os, re
from collections import Counter

def run_jsonl(clinic, sub, texts, extra=()):
    proc = subprocess.run([clinic, sub, '--json', *extra], input='\n'.join(texts) + '\n',
                          capture_output=True, text=True, check=True)
    out = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    assert len(out) == len(texts), (len(out), len(texts))
    return out

def entries(root):
    found = {}
    for path in glob.glob(os.path.join(root, 'entries', '*', '*.md')):
        text = open(path, encoding='utf-8').read()
        front, body = text.split('+++', 2)[1:]
        title = re.search(r'^title = "(.*)"$', front, re.M)
        found[os.path.basename(path)[:-3]] = {
            'title': title.group(1) if title else '',
            'verified': 'verified = true' in front,
            'text': body.strip(),
        }
    return found

def ask_packet(clinic, questions, out, today=None):
    rows = [json.loads(l) for l in open(questions, encoding='utf-8') if l.strip()]
    extra = ('--today', today) if today else ()
    answers = run_jsonl(clinic, 'ask', [r['q'] for r in rows], extra)
    kb = entries(os.environ.get('CLINIC_KNOWLEDGE', 'knowledge'))
    with open(out, 'w', encoding='utf-8') as f:
        for r, a in zip(rows, answers):
            offered = ([a['entry_id']] if a.get('entry_id') else []) \
                + [x['entry_id'] for x in a.get('also_answered', [])] \
                + [x['entry_id'] for x in a.get('alternatives', [])]
            f.write(json.dumps({
                'id': r['id'], 'q': r['q'], 'facts': r.get('facts', []),
                'out_of_scope': r.get('out_of_scope', False),
                'answered': a['answered'], 'shown': a.get('answer'),
                'entry_id': a.get('entry_id'), 'confidence': a.get('confidence'),
                'offered': [{'entry_id': e, 'title': kb.get(e, {}).get('title'), 'text': kb.get(e, {}).get('text')} for e in offered],
            }, ensure_ascii=False) + '\n')

def score_ask(labels):
    rows = [json.loads(l) for l in open(labels, encoding='utf-8') if l.strip()]
    inscope = [r for r in rows if not r.get('out_of_scope')]
    oos = [r for r in rows if r.get('out_of_scope')]
    n = len(inscope)
    c = Counter(r['verdict'] for r in inscope)
    pct = lambda k, d: f"{100.0 * k / max(d, 1):.1f} %"
    print(f"in scope: {n}, out of scope: {len(oos)}")
    print(f"answered right: {c['right']} ({pct(c['right'], n)})")
    print(f"answered wrongly: {c['wrong']} ({pct(c['wrong'], n)})")
    print(f"declined: {c['declined']} ({pct(c['declined'], n)}), of which the right entry was offered: "
          f"{sum(1 for r in inscope if r['verdict'] == 'declined' and r.get('offered_right'))}")
    print(f"right entry among the offered: {pct(sum(1 for r in inscope if r.get('offered_right')), n)}")
    print(f"right entry ranked first: {pct(sum(1 for r in inscope if r.get('top1_right')), n)}")
    print(f"out of scope answered: {sum(1 for r in oos if r['verdict'] != 'declined')} of {len(oos)}")

def score_confidence(packet, labels):
    shown = {r['id']: r.get('confidence') for r in map(json.loads, open(packet, encoding='utf-8')) }
    pairs = [(shown[r['id']], bool(r.get('top1_right')))
             for r in map(json.loads, open(labels, encoding='utf-8'))
             if not r.get('out_of_scope') and shown.get(r['id']) is not None]
    pos = [c for c, y in pairs if y]
    neg = [c for c, y in pairs if not y]
    # AUC as the chance that a right first entry carries more confidence than a wrong one.
    auc = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / max(len(pos) * len(neg), 1)
    bins = [[] for _ in range(10)]
    for c, y in pairs:
        bins[min(int(c * 10), 9)].append((c, y))
    ece = sum(abs(sum(c for c, _ in b) / len(b) - sum(y for _, y in b) / len(b)) * len(b)
              for b in bins if b) / max(len(pairs), 1)
    print(f"{len(pairs)} in-scope questions: AUC {auc:.3f}, expected calibration error {ece:.3f}")

def score_route(clinic, texts):
    rows = [json.loads(l) for l in open(texts, encoding='utf-8') if l.strip()]
    routes = run_jsonl(clinic, 'route', [r['text'] for r in rows])
    right = nobody = 0
    per = Counter(); per_right = Counter()
    for r, got in zip(rows, routes):
        per[r['agency']] += 1
        if got['agency'] == r['agency']:
            right += 1; per_right[r['agency']] += 1
        elif got['agency'] is None:
            nobody += 1
    n = len(rows)
    print(f"{n} texts: right agency {right} ({100.0 * right / n:.1f} %), routed to nobody {nobody} ({100.0 * nobody / n:.1f} %)")
    for a in sorted(per):
        print(f"  {a}: {per_right[a]}/{per[a]}")

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'ask-packet':
        today = None
        if '--today' in args:
            i = args.index('--today'); today = args[i + 1]; args = args[:i] + args[i + 2:]
        ask_packet(*args, today=today)
    elif cmd == 'score-ask':
        score_ask(*args)
    elif cmd == 'score-confidence':
        score_confidence(*args)
    elif cmd == 'score-route':
        score_route(*args)
    else:
        sys.exit(__doc__)
