#!/usr/bin/python3
"""The peers' side of pulse-eval relevance: Xapian BM25 and SQLite FTS5 on a
judged collection, alone and mixed with the Reuters development articles,
under the protocol of ../shared/data/smart/README.md ("Peer anchors").

    /usr/bin/python3 eval/relevance/peers/peers.py smart DIR NAME [REUTERS]
    /usr/bin/python3 eval/relevance/peers/peers.py ecbplus ECB.jsonl.gz COLLECTION.jsonl [REUTERS]

smart: DIR/NAME/{docs.jsonl.gz,queries.jsonl,qrels.tsv}, as the README's.
ecbplus: the ECB+ development file and the collection Pulse runs on it
(`go run ./cmd/pulse-eval relevance --write-collection COLLECTION.jsonl`:
each query's words, judgments and the article it came from, excluded).

Protocol: title and body indexed as one text. Xapian 1.4 BM25Weight()
defaults (k1 1, b 0.5), English stemmer, STEM_SOME, default operator OR.
SQLite FTS5 bm25() (k1 1.2, b 0.75), porter tokenizer, the query's
[a-z0-9]+ words each quoted and joined by OR. No stop words. Top 100 after
the excluded documents are taken out; MAP@100 = sum of precision at each
relevant hit / number of judged relevant; nDCG@10 with binary gains; P@10.
Prints one line per setting: name, setting, docs, queries, then Xapian's
MAP@100 nDCG@10 P@10 and FTS5's. Needs Debian's python3-xapian (the
harness under ../shared/bench installs it) and Python's sqlite3 with FTS5.
An evaluation tool: the product never runs it.
"""
import gzip
import json
import math
import re
import sqlite3
import sys
import tempfile

import xapian

WORD = re.compile(r"[a-z0-9]+")
DEPTH = 100


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def smart(dir_, name):
    docs = [(d["id"], d.get("title", ""), d.get("body", "")) for d in read_jsonl(f"{dir_}/{name}/docs.jsonl.gz")]
    queries = [(q["id"], q["text"], set()) for q in read_jsonl(f"{dir_}/{name}/queries.jsonl")]
    rel = {}
    with open(f"{dir_}/{name}/qrels.tsv") as f:
        for line in f:
            qid, did = line.split("\t")
            rel.setdefault(qid, set()).add(did.strip())
    return docs, [(qid, text, excl, rel.get(qid, set())) for qid, text, excl in queries]


def ecbplus(path, collection):
    docs = [(d["id"], d["title"], d["text"]) for d in read_jsonl(path)]
    queries = []
    for q in read_jsonl(collection):
        relevant = {d for d, g in q["relevant"].items() if g >= 1}
        queries.append((q["id"], q["query"], set(q.get("exclude", [])), relevant))
    return docs, queries


def reuters(path):
    return [(str(d["id"]), d.get("title", ""), d.get("body", "")) for d in read_jsonl(path)]


def words(text):
    return WORD.findall(text.lower())


def xapian_run(docs, queries):
    db = xapian.WritableDatabase(tempfile.mkdtemp(prefix="peers-xapian-"), xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    for did, title, body in docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title + "\n" + body)
        doc.set_data(did)
        doc.add_boolean_term("Q" + did)
        db.replace_document("Q" + did, doc)
    db.commit()
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    out = {}
    for qid, text, excl, _ in queries:
        enq.set_query(qp.parse_query(" ".join(words(text))))
        ranked = [m.document.get_data().decode() for m in enq.get_mset(0, DEPTH + len(excl))]
        out[qid] = [d for d in ranked if d not in excl][:DEPTH]
    return out


def fts5_run(docs, queries):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(did UNINDEXED, text, tokenize='porter')")
    con.executemany("INSERT INTO t VALUES (?, ?)", ((d, t + "\n" + b) for d, t, b in docs))
    out = {}
    for qid, text, excl, _ in queries:
        ws = words(text)
        if not ws:
            out[qid] = []
            continue
        match = " OR ".join('"%s"' % w for w in ws)
        rows = con.execute("SELECT did FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, DEPTH + len(excl)))
        out[qid] = [d for (d,) in rows if d not in excl][:DEPTH]
    return out


def score(runs, queries):
    ap = nd = p10 = 0.0
    for qid, _, _, relevant in queries:
        ranked = runs[qid]
        hits, s = 0, 0.0
        for i, d in enumerate(ranked):
            if d in relevant:
                hits += 1
                s += hits / (i + 1)
        ap += s / len(relevant)
        dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
        nd += dcg / ideal
        p10 += sum(1 for d in ranked[:10] if d in relevant) / 10
    n = len(queries)
    return ap / n, nd / n, p10 / n


def main(argv):
    if len(argv) < 4 or argv[1] not in ("smart", "ecbplus"):
        sys.exit(__doc__)
    if argv[1] == "smart":
        name = argv[3]
        docs, queries = smart(argv[2], name)
    else:
        name = "ecbplus"
        docs, queries = ecbplus(argv[2], argv[3])
    queries = [q for q in queries if q[3]]
    settings = [("alone", docs)]
    if len(argv) > 4:
        settings.append(("mixed", docs + reuters(argv[4])))
    for setting, corpus in settings:
        x = score(xapian_run(corpus, queries), queries)
        f = score(fts5_run(corpus, queries), queries)
        print("%s\t%s\t%d\t%d\tXapian %.4f %.4f %.4f\tFTS5 %.4f %.4f %.4f" % ((name, setting, len(corpus), len(queries)) + x + f), flush=True)


if __name__ == "__main__":
    main(sys.argv)
