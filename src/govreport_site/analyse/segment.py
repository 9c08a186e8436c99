"""Word segmentation: jieba with the shipped policy dictionary loaded once.

`segment(text)` is jieba's `lcut(text)` (HMM on, jieba's default) on a tokenizer that also
knows the terms in dict.txt (放管服, 一网通办, 营商环境, 十四五 …), so those come out whole.
A site adds its own terms with site.yaml `dictionary: [..]`; pass them as `extra`.

One jieba.Tokenizer per distinct word list, built on first use and kept for the process:
building jieba's prefix dictionary takes about a second, segmenting a report a tenth.
A private Tokenizer (not jieba's global one) so nothing else in the process is affected.

With rjieba (the usual case) jieba's full tokenizer is not needed at all once its few
results are on disk (see _derived): the policy terms' frequencies, the dictionary entries
without Chinese characters, and jieba's noun list. A process that segments one report then
starts in a few tenths of a second instead of about three.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

HERE = Path(__file__).resolve().parent
DICTIONARY = HERE / "dict.txt"
STOPWORDS = HERE / "stopwords.txt"


@cache
def _jieba():
    """jieba, imported on first use and without pkg_resources: jieba only uses it to open
    its own files (with a fallback), and importing it costs more than jieba itself
    (0.1-0.2 CPU s, in every process that merely imports this module)."""
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    # jieba logs "Building prefix dict …" at DEBUG to stderr; the CLI has its own messages.
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _entries(path: Path) -> list[tuple[str, int | None]]:
    """(term, frequency or None) per non-comment line of a dictionary file."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, _, freq = line.partition(" ")
        freq = freq.strip()
        entries.append((word, int(freq) if freq.isdigit() else None))
    return entries


@cache
def dictionary_words() -> tuple[str, ...]:
    """The shipped policy terms, in file order."""
    return tuple(word for word, _ in _entries(DICTIONARY))


@cache
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in STOPWORDS.read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def clean_extra(extra: Iterable[object] | None) -> tuple[str, ...]:
    """A site's dictionary additions as a sorted tuple of non-empty strings (a cache key)."""
    if not extra:
        return ()
    if isinstance(extra, str):
        extra = [extra]
    return tuple(sorted({str(w).strip() for w in extra if str(w).strip()}))


@lru_cache(maxsize=4)
def tokenizer(extra: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A jieba tokenizer with the shipped dictionary and `extra` terms added."""
    tok = _jieba().Tokenizer()
    tok.initialize()
    for word, freq in _entries(DICTIONARY):
        _add(tok, word, freq)
    for word in extra:
        _add(tok, word, None)
    return tok


def _add(tok: jieba.Tokenizer, word: str, freq: int | None) -> None:
    # jieba's suggested frequency makes a term win over its pieces when it stands alone;
    # a few times more makes it also win inside longer runs (优化营商环境 -> 优化 / 营商环境).
    suggested = tok.suggest_freq(word, tune=False)
    tok.add_word(word, freq=freq or max(10 * suggested, 100))


# Part-of-speech tags (from jieba's own dictionary) of words that can name a topic: nouns,
# place and organisation names, other proper nouns, verbal nouns (消费, 生产), abbreviations.
NOUN_TAGS = frozenset({"n", "ns", "nt", "nz", "vn", "j", "ng", "an"})


def _jieba_dictionary() -> Path:
    jieba = _jieba()
    return Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME


@cache
def _nouns() -> frozenset[str]:
    """The words of jieba's dictionary tagged as nouns (read from disk once per install)."""
    text = _derived("nouns", {"tags": sorted(NOUN_TAGS)}, lambda: "\n".join(_read_nouns()))
    return frozenset(text.split("\n")) if text else frozenset()


def _read_nouns() -> list[str]:
    nouns: set[str] = set()
    with _jieba_dictionary().open(encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if fields and fields[-1] in NOUN_TAGS:
                nouns.add(fields[0])
    return sorted(nouns)


def noun_like(word: str) -> bool:
    """Whether a token can be a keyword: jieba's dictionary tags it as a noun. Verbs,
    adverbs, idioms and the like (保证, 比较, 坚定不移) say how, not what; words jieba's
    HMM made up (更多地, 以产) are more often glued fragments than new terms. Policy terms
    jieba does not know come from the shipped dictionary or the site's own (the caller
    checks those first)."""
    return word in _nouns()


def segment(text: str, extra: Iterable[str] | None = None) -> list[str]:
    """jieba.lcut(text) with the policy dictionary (and a site's own terms) loaded.

    Computed with rjieba (jieba-rs, the same dictionary and HMM in Rust, about five times
    faster here) where it is installed, else with jieba itself; the tokens are the same
    (see _fast_cut and docs/performance.md).
    """
    words = clean_extra(extra)
    fast = _rjieba(words)
    if fast is None:
        return tokenizer(words).lcut(text)
    return _fast_cut(fast, text, words)


# Joins texts for token_counts: jieba cuts a text into blocks of Chinese, letters and
# digits and cuts each block on its own; a newline is in no block and comes out as a
# token of its own, so it keeps the texts apart.
_JOIN = "\n"


def token_counts(texts: list[str], extra: Iterable[str] | None = None) -> Counter[str]:
    """Counter of segment(t)'s tokens over all `texts` (a report's paragraphs). With
    rjieba, one cut of them all, and the tokens jieba would cut otherwise (see _fast_cut)
    fixed once per distinct token rather than looked for in every paragraph's tokens:
    together about half of the cost of segmenting each paragraph."""
    words = clean_extra(extra)
    fast = _rjieba(words)
    if fast is not None and len(texts) > 1 and not any(_JOIN in t for t in texts):
        counts = Counter(fast.cut(_JOIN.join(texts)))
        if counts.pop(_JOIN, 0) == len(texts) - 1:  # else a join glued to a neighbour
            _fix_counts(counts, words)
            return counts
    return Counter(token for t in texts for token in segment(t, words))


# Per word list, tokens known to come out of _fast_cut as they went in.
_KEPT: dict[tuple[str, ...], set[str]] = {}
_KEPT_MAX = 1 << 18  # tokens; forgotten past this many (a cache, like _jieba_cut's)


def _fix_counts(counts: Counter[str], words: tuple[str, ...]) -> None:
    """Counts of rjieba's tokens -> counts of jieba's (_fast_cut, token by token)."""
    kept = _KEPT.setdefault(words, set())
    new = set(counts).difference(kept)  # (keys() - kept would walk all of kept)
    if len(kept) + len(new) > _KEPT_MAX:
        kept.clear()
    cut: list[tuple[tuple[str, ...], int]] = []
    for token in new:
        pieces = (token,)
        if len(token) > 1 and not _HAN.search(token):
            pieces = _jieba_cut(token, words)
        if pieces == (token,):
            kept.add(token)
        else:
            cut.append((pieces, counts.pop(token)))
    for pieces, n in cut:  # after: a piece may be another token, which is not cut again
        for piece in pieces:
            counts[piece] += n


# rjieba and jieba differ only in runs without Chinese characters (jieba splits
# "2003-02-21" at the hyphens, rjieba keeps it whole): every such token is cut again by
# jieba. On the 25 zhumadian reports this gives jieba's tokens exactly, paragraph for
# paragraph (a test checks it); the Chinese text, where the time goes, stays with rjieba.
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_CHARS}]")
# With the tokens joined by NUL: a whole token of two or more characters, none Chinese.
# One regex pass over the paragraph finds them, instead of a Python test per token.
_SEP = "\x00"
_NOT_HAN_TOKEN = re.compile(f"(?:^|(?<={_SEP}))[^{_SEP}{_HAN_CHARS}]{{2,}}(?={_SEP}|\\Z)")


def _fast_cut(fast, text: str, words: tuple[str, ...]) -> list[str]:
    tokens: list[str] = fast.cut(text)
    if _SEP in text:  # NUL cannot mark token boundaries: test token by token
        out: list[str] = []
        for token in tokens:
            if len(token) > 1 and not _HAN.search(token):
                out.extend(_jieba_cut(token, words))
            else:
                out.append(token)
        return out
    joined = _SEP.join(tokens)
    out = []
    done = n = pos = 0  # tokens copied, index of the token at pos in joined
    for m in _NOT_HAN_TOKEN.finditer(joined):
        n += joined.count(_SEP, pos, m.start())
        pos = m.start()
        out.extend(tokens[done:n])
        out.extend(_jieba_cut(tokens[n], words))
        done = n + 1
    if not done:
        return tokens
    out.extend(tokens[done:])
    return out


@lru_cache(maxsize=65536)
def _jieba_cut(token: str, words: tuple[str, ...]) -> tuple[str, ...]:
    if _HAN.search(token):  # not a token _fast_cut passes; the full tokenizer would know
        return tuple(tokenizer(words).lcut(token))
    return tuple(_not_han_tokenizer(words).lcut(token))


@lru_cache(maxsize=4)
def _not_han_tokenizer(words: tuple[str, ...]) -> jieba.Tokenizer:
    """A jieba tokenizer that cuts a text without Chinese characters exactly as
    tokenizer(words) does, with a few dozen dictionary entries instead of 350,000.

    jieba's lcut on such a text looks up only substrings of it (its DAG and route: FREQ by
    word or prefix, and the total), and a substring of a text without Chinese characters
    has none either; so the entries without any (AT&T, C++ and their prefixes) and the
    same total give the same lookups, hence the same tokens. The rest (the HMM for runs of
    unknown characters) does not depend on the dictionary.
    """
    derived = _policy(words)
    tok = _jieba().Tokenizer()
    tok.FREQ = dict(derived["not_han"])
    tok.total = derived["total"]
    tok.initialized = True  # do not load the full dictionary
    return tok


@lru_cache(maxsize=4)
def _policy(words: tuple[str, ...]) -> dict:
    """What the rjieba path needs of tokenizer(words), kept on disk: "add", the (word,
    frequency) pairs to add to rjieba, in order; "not_han" and "total", see
    _not_han_tokenizer."""
    key = {
        "dictionary": hashlib.sha256(DICTIONARY.read_bytes()).hexdigest(),
        "extra": list(words),
    }
    return _derived("policy", key, lambda: _policy_from_jieba(words))


def _policy_from_jieba(words: tuple[str, ...]) -> dict:
    reference = tokenizer(words)
    add = [
        (word, reference.FREQ[word])
        for word in (*dictionary_words(), *words)
        if word in reference.FREQ
    ]
    not_han = {w: f for w, f in reference.FREQ.items() if not _HAN.search(w)}
    return {"add": add, "not_han": not_han, "total": reference.total}


# Bump when what _derived stores changes shape or meaning.
DERIVED_FORMAT = 1


def cache_folder() -> Path:
    """Where data derived from jieba's dictionary is kept between processes:
    $GOVREPORT_SEGMENT_CACHE, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)."""
    folder = os.environ.get("GOVREPORT_SEGMENT_CACHE")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "govreport-site" / "segment"


def _derived(name: str, key: dict, make: Callable[[], object]):
    """make(), read from a JSON file when one was written for the same key (which includes
    jieba's version and its dictionary file's size and time), else computed and written.

    JSON, not pickle, so a planted file can at worst change results, never run code.
    Written to a temporary file and renamed, so a reader never sees half a file; any
    error reading or writing (no home folder, read-only disk) just means computing.
    """
    jieba = _jieba()
    source = _jieba_dictionary()
    stat = source.stat()
    key = {
        "format": DERIVED_FORMAT,
        "jieba": jieba.__version__,
        "jieba_dictionary": [str(source), stat.st_size, stat.st_mtime_ns],
        **key,
    }
    text = json.dumps(key, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    try:
        folder = cache_folder()
        path = folder / f"{name}-{digest}.json"
    except (OSError, RuntimeError):  # Path.home() without a home
        return make()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored["value"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    value = make()
    _write(folder, path, {"key": key, "value": value})
    return value


def _write(folder: Path, path: Path, data: dict) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


@lru_cache(maxsize=4)
def _rjieba(words: tuple[str, ...]):
    """An rjieba tokenizer with exactly the words and frequencies of tokenizer(words), or
    None when rjieba is not installed (or GOVREPORT_SEGMENTER=jieba asks for jieba)."""
    if os.environ.get("GOVREPORT_SEGMENTER", "") == "jieba":
        return None
    jieba_class = _rjieba_class()
    if jieba_class is None:
        return None
    fast = jieba_class()
    for word, freq in _policy(words)["add"]:
        fast.add_word(word, freq, None)
    return fast


def _rjieba_class():
    """rjieba.Jieba, or None. Taken from rjieba's compiled module without running the
    package's __init__, which builds a default tokenizer we never use (0.15 CPU s, in every
    process that segments); registered under its own name, so `import rjieba` still works."""
    name = "rjieba.rjieba"
    if name not in sys.modules:
        module = _load_extension(name)
        if module is not None:
            sys.modules[name] = module
    if name in sys.modules:
        return sys.modules[name].Jieba
    try:
        import rjieba
    except ImportError:
        return None
    return rjieba.Jieba


def _load_extension(name: str):
    """The compiled module `name` (package.module) loaded from the package's folder, or None."""
    package, _, module_name = name.rpartition(".")
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or ()) if spec else ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"{module_name}{suffix}"
            if not path.is_file():
                continue
            try:
                loader = importlib.machinery.ExtensionFileLoader(name, str(path))
                found = importlib.util.spec_from_file_location(name, path, loader=loader)
                module = importlib.util.module_from_spec(found)
                loader.exec_module(module)
            except ImportError:
                continue
            return module
    return None
