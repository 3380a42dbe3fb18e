"""Coding speed: end to end (read, segment, detect language, match, build the matrix).

Corpus: a seeded synthetic Russian corpus (labelled synthetic: word forms of pymorphy3's
dictionary drawn with a Zipf law, common function words on top, codebook terms inflected and
mixed in), plus the real full-length laws and addresses of ``../shared/corpus/full`` when
present (reported separately). Baseline, measured in the same run on a sample: the
straightforward pipeline that analyses every token with pymorphy3 ``parse()`` and looks the
lemma up in the lexicon.

Run ``python -m bench coding [--quick]``.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

import talentflow.analysis  # noqa: F401  (imported here, outside every timed region)
from talentflow.coding import code_documents, compile_codebook, load_codebook
from talentflow.compiled import PURE_PYTHON_VARIABLE
from talentflow.ingest.model import Document
from talentflow.nlp.tokens import TOKEN_RE

SEED = 20250
FULL_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "full"
TARGET_TOKENS = 10_000_000
QUICK_TOKENS = 1_000_000
DOC_TOKENS = 100_000
VOCAB_PER_PREFIX = 400
BASELINE_SAMPLE = 60_000
FUNCTION_WORDS = ["и", "в", "не", "на", "что", "с", "по", "как", "к", "а", "но", "из", "у", "о", "за", "от", "это", "для", "так", "же", "бы", "то", "же", "все", "был", "его", "она", "они", "было", "при", "уже", "или", "если", "только", "может", "также", "который", "были", "этого", "их", "тем", "чем", "после", "более", "года"]


def _vocabulary(rng: random.Random) -> list[str]:
    """Distinct Russian word forms from pymorphy3's dictionary, spread over the alphabet."""
    import pymorphy3

    words = pymorphy3.MorphAnalyzer().dictionary.words
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    vocab: set[str] = set()
    for a, b in itertools.product(letters, "аеиоуыяюлнрствкмп"):
        for w in itertools.islice(words.iterkeys(a + b), VOCAB_PER_PREFIX * 3):
            if w.isalpha():
                vocab.add(w)
    out = sorted(vocab)
    rng.shuffle(out)
    return out


def _lexicon_phrases(rng: random.Random) -> list[str]:
    """Codebook terms (ru) with each word put in a random inflected form."""
    from talentflow.nlp import russian
    from talentflow.nlp.matcher import term_words

    book = load_codebook()
    terms = [t for c in book.categories for t in c.lexicon.get("ru", [])]
    terms += [t for kind in book.cues.values() for t in kind.get("ru", [])]
    phrases = []
    for t in terms:
        for _ in range(3):
            words = []
            for w in term_words(t):
                if w == "<num>":
                    words.append(str(rng.randint(1, 2030)))
                elif w.isalpha():
                    words.append(rng.choice(sorted(russian.expand_word(w))))
                else:
                    words.append(w.rstrip("*"))
            phrases.append(" ".join(words))
    return phrases


def generate_corpus(folder: Path, tokens: int) -> None:
    """Write the synthetic corpus (seeded, reproducible) as UTF-8 text files."""
    rng = random.Random(SEED)
    nrng = np.random.default_rng(SEED)
    vocab = FUNCTION_WORDS + [w for w in _vocabulary(rng) if w not in FUNCTION_WORDS]
    ranks = np.arange(1, len(vocab) + 1, dtype=np.float64)
    p = ranks**-1.0
    p /= p.sum()
    phrases = _lexicon_phrases(rng)
    folder.mkdir(parents=True, exist_ok=True)
    ndocs = max(1, tokens // DOC_TOKENS)
    for d in range(ndocs):
        ids = nrng.choice(len(vocab), size=DOC_TOKENS, p=p)
        words = [vocab[i] for i in ids]
        paragraphs, sentence, para = [], [], []
        i = 0
        while i < len(words):
            n = rng.randint(8, 28)
            sentence = words[i : i + n]
            i += n
            if rng.random() < 0.25:
                sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(phrases))
            s = " ".join(sentence)
            para.append(s[:1].upper() + s[1:] + ".")
            if len(para) >= rng.randint(3, 7):
                paragraphs.append(" ".join(para))
                para = []
        if para:
            paragraphs.append(" ".join(para))
        text = "СИНТЕТИЧЕСКИЙ ТЕКСТ ДЛЯ ИЗМЕРЕНИЯ СКОРОСТИ (synthetic)\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"synthetic_{d:03d}.ru.txt").write_text(text, encoding="utf-8")


def _count_tokens(paths: list[Path]) -> tuple[int, int]:
    total, forms = 0, set()
    for p in paths:
        toks = TOKEN_RE.findall(p.read_text(encoding="utf-8").lower())
        total += len(toks)
        forms.update(toks)
    return total, len(forms)


class _Clock:
    """Wall and CPU seconds: the machine may be shared, and CPU time of one process is what
    "tokens/s on one core" means; both are printed."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self) -> tuple[float, float]:
        w, c = time.perf_counter(), time.process_time()
        out = (w - self.wall, c - self.cpu)
        self.wall, self.cpu = w, c
        return out


def _end_to_end(paths: list[Path], manifest: Path | None = None) -> tuple[dict[str, tuple[float, float]], int, float]:
    """Read → segment → detect language → match → matrix on one core; (wall, CPU) per stage,
    the number of documents and the process's peak memory in MB.

    Run by :func:`_fresh` in a new interpreter, as a user's ``talentflow code`` runs: the
    codebook is compiled first (not timed), then the documents are read, coded and tabulated.
    """
    from talentflow.ingest import read_documents

    book = load_codebook()
    compile_codebook(book)
    gc.collect()
    clock = _Clock()
    docs, errors = read_documents(paths, manifest=manifest)
    read = clock.lap()
    coded = code_documents(docs, book)
    match = clock.lap()
    _matrix(coded, book)
    matrix = clock.lap()
    if errors:
        print(f"read errors: {errors}", file=sys.stderr)
    total = tuple(a + b + c for a, b, c in zip(read, match, matrix, strict=True))
    return {
        "end to end": total,
        "ingest (read, segment, language)": read,
        "coding (match, levels)": match,
        "matrix": matrix,
    }, len(docs), _rss_mb()


def _fresh(fn, *args, pure: bool = False):
    """``fn(*args)`` in a newly started interpreter: no form learnt, no collector state or
    memory left over from the other measurements of this run. ``pure``: with the plain-Python
    twins of the compiled loops, as on a machine without a C compiler."""
    saved = os.environ.get(PURE_PYTHON_VARIABLE)
    if pure:
        os.environ[PURE_PYTHON_VARIABLE] = "1"  # the spawned interpreter inherits it
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
            return pool.submit(fn, *args).result()
    finally:
        if saved is None:
            os.environ.pop(PURE_PYTHON_VARIABLE, None)
        else:
            os.environ[PURE_PYTHON_VARIABLE] = saved


def _matrix(coded, book):
    # imported once before any clock starts (importing talentflow.analysis takes ~0.5 s)
    from talentflow.analysis import build_matrix

    return build_matrix(coded, book)


_SHARED: dict[str, object] = {}


def _read_and_code(paths: list[Path]):
    """A worker's batch: read and code its files, return the small part the matrix needs
    (codes, levels, metadata, parts), not the texts and segmentations."""
    from talentflow.ingest import read_documents

    docs, _ = read_documents(paths)
    coded = code_documents(docs, _SHARED["book"])  # compiled in the parent, inherited by fork
    for c in coded:
        d = c.document
        c.document = Document(d.meta, "", [], [], d.parts)
    return coded


def _all_cores(paths: list[Path], workers: int) -> float:
    """Documents spread over processes, each reading and coding its files; matrix in the parent."""
    book = load_codebook()
    compile_codebook(book)
    _SHARED["book"] = book
    t0 = time.perf_counter()
    ctx = mp.get_context("fork")
    # documents dealt round-robin into a few batches per worker: one task per batch keeps
    # the pool's messages few, several batches per worker keep the cores evenly busy
    nbatches = min(len(paths), workers * 4)
    batches = [paths[i::nbatches] for i in range(nbatches)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        coded = [c for batch in pool.map(_read_and_code, batches) for c in batch]
    _matrix(coded, book)
    return time.perf_counter() - t0


def _baseline(paths: list[Path], sample: int) -> tuple[float, int]:
    """pymorphy3 parse() on every token, then lemma lookup in the lexicon (first-token index).

    Only the matching is timed (CPU seconds), not reading or segmenting, so the ratio is
    conservative."""
    import pymorphy3

    from talentflow.nlp.matcher import term_words

    morph = pymorphy3.MorphAnalyzer()
    book = load_codebook()
    lemmas: dict[str, list[list[str]]] = {}
    for cat in book.categories:
        for t in cat.lexicon.get("ru", []):
            ws = [morph.parse(w)[0].normal_form for w in term_words(t) if w.isalpha()]
            if ws:
                lemmas.setdefault(ws[0], []).append(ws)
    text = paths[0].read_text(encoding="utf-8").lower()
    toks = TOKEN_RE.findall(text)[:sample]
    t0 = time.process_time()
    norm = [morph.parse(w)[0].normal_form for w in toks]
    hits = 0
    for i, lem in enumerate(norm):
        for seq in lemmas.get(lem, ()):
            if norm[i : i + len(seq)] == seq:
                hits += 1
    return time.process_time() - t0, len(toks)


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    quick = "--quick" in argv
    tokens = QUICK_TOKENS if quick else TARGET_TOKENS
    console = Console(width=140)
    work = Path(tempfile.mkdtemp(prefix="talentflow-bench-"))
    try:
        t = time.perf_counter()
        gen = mp.get_context("fork").Process(target=generate_corpus, args=(work, tokens))
        gen.start()
        gen.join()
        paths = sorted(work.glob("*.txt"))
        ntok, nforms = _count_tokens(paths)
        console.print(
            f"synthetic corpus: {len(paths)} documents, {ntok:,} tokens, {nforms:,} distinct forms "
            f"(seed {SEED}, generated in {time.perf_counter() - t:.0f} s, not timed)",
            highlight=False,
        )
        load_before = os.getloadavg()
        gc.collect()
        base_s, base_n = _baseline(paths, BASELINE_SAMPLE // (4 if quick else 1))
        base_rate = base_n / base_s

        # One core first, in a fresh interpreter, while the machine is quiet: right after the
        # all-cores run the exiting workers still compete for the cores. The all-cores workers
        # then fork from this process, which has compiled the codebook but coded nothing, so
        # they too start with cold form caches, as a fresh run would.
        stages, _, peak_single = _fresh(_end_to_end, paths)
        pure_stages, _, _ = _fresh(_end_to_end, paths, pure=True)
        real = sorted(FULL_DIR.glob("*.md")) if FULL_DIR.exists() else []
        if real:
            real_stages, ndocs, _ = _fresh(_end_to_end, [FULL_DIR], FULL_DIR / "manifest.csv")
        workers = os.cpu_count() or 1
        all_s = _all_cores(paths, workers)
        peak_workers = _rss_mb(resource.RUSAGE_CHILDREN)

        from talentflow.ingest import segment
        from talentflow.nlp import scan, sequences

        built = scan.COMPILED and sequences.COMPILED and segment.SENTENCES_COMPILED
        console.print("compiled loops: " + ("built, in use" if built else "NOT built: every run is plain Python"),
                      highlight=False)
        table = Table(title="talentflow coding benchmark (tokens/s per CPU second unless noted)")
        for col in ("run", "tokens", "wall s", "CPU s", "tokens/s", "× baseline"):
            table.add_column(col, justify="right" if col != "run" else "left")
        table.add_row("baseline: pymorphy3 parse() per token + lemma lookup (sample, matching only)",
                      f"{base_n:,}", "", f"{base_s:.2f}", f"{base_rate:,.0f}", "1.0")
        for stage, (wall, cpu) in stages.items():
            label = "talentflow, 1 core, end to end" if stage == "end to end" else f"   stage {stage}"
            table.add_row(label, f"{ntok:,}", f"{wall:.2f}", f"{cpu:.2f}", f"{ntok / cpu:,.0f}",
                          f"{ntok / cpu / base_rate:,.0f}")
        wall, cpu = pure_stages["end to end"]
        table.add_row("talentflow, 1 core, end to end, plain-Python twins (no C compiler)", f"{ntok:,}",
                      f"{wall:.2f}", f"{cpu:.2f}", f"{ntok / cpu:,.0f}", f"{ntok / cpu / base_rate:,.0f}")
        table.add_row(f"talentflow, {workers} processes, end to end (tokens per wall second)", f"{ntok:,}",
                      f"{all_s:.2f}", "", f"{ntok / all_s:,.0f}", f"{ntok / all_s / base_rate:,.0f}")
        if real:
            rtok, _ = _count_tokens(real)
            for stage in ("end to end", "coding (match, levels)"):
                wall, cpu = real_stages[stage]
                table.add_row(f"real laws and addresses ({ndocs} docs, ru/kk/en), 1 core, {stage}", f"{rtok:,}",
                              f"{wall:.2f}", f"{cpu:.2f}", f"{rtok / cpu:,.0f}", f"{rtok / cpu / base_rate:,.0f}")
        else:
            console.print(f"real laws not found at {FULL_DIR}: skipped")
        console.print(table)
        console.print(
            f"peak memory (max RSS): one-core run {peak_single:,.0f} MB, largest child process "
            f"{peak_workers:,.0f} MB; "
            f"targets: ≥ 1.5 M tokens/s on one core, ≥ 50× baseline, peak < 1 GB",
            highlight=False,
        )
        load_after = os.getloadavg()
        console.print(
            f"machine: {os.cpu_count()} CPUs; load average (1 min) {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after (other jobs share the cores; CPU seconds are this process's own)",
            highlight=False,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
