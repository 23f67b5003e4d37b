#!/usr/bin/env python3
"""Encoder peers for `docket bench infer`: all-MiniLM-L6-v2 on 64 sequences of 128 real tokens.

  sentence-transformers (PyTorch CPU), F32, batch 64, 1 and 2 threads
  llama.cpp through llama-cpp-python, each GGUF given, one sequence per call (and, for the
  first file only, 64 sequences packed in one call, which llama.cpp attends across)

Usage: encoder_peers.py MODEL_FOLDER [GGUF ...] [--seconds S]
Peers are optional: a missing package is reported and skipped. Prints one JSON object per line.
"""
import json
import sys
import time

MFLOP_PER_TOKEN = 22.41


def texts(tokenizer_ids_of, count=64, length=128):
    """`count` texts that tokenize to exactly `length` tokens with [CLS] and [SEP]."""
    words = "bank patient claim statement balance account payment total date hospital".split()  # one word piece each
    out = []
    for i in range(count):
        text = " ".join(words[(j * 7 + i) % len(words)] for j in range(length - 2))
        assert len(tokenizer_ids_of(text)) == length, len(tokenizer_ids_of(text))
        out.append(text)
    return out


def timed(run, seconds):
    run()
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        run()
        runs += 1
    return runs, time.perf_counter() - start


def sentence_transformers_rows(folder, seconds):
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        print(json.dumps({"engine": "sentence-transformers", "skipped": str(error)}))
        return
    model = SentenceTransformer(folder, device="cpu")
    model.max_seq_length = 256
    batch = texts(lambda t: model.tokenizer(t)["input_ids"])
    for threads in (1, 2):
        torch.set_num_threads(threads)
        runs, elapsed = timed(lambda: model.encode(batch, batch_size=64), seconds)
        tps = runs * 64 * 128 / elapsed
        print(json.dumps({"engine": f"sentence-transformers {__import__('sentence_transformers').__version__} / torch {torch.__version__}",
                          "format": "f32", "threads": threads, "tokens_per_s": round(tps), "gflops": round(tps * MFLOP_PER_TOKEN / 1e3, 1)}))


def llama_rows(paths, seconds):
    try:
        import llama_cpp
    except ImportError as error:
        print(json.dumps({"engine": "llama.cpp", "skipped": str(error)}))
        return
    for index, path in enumerate(paths):
        for threads in (1, 2):
            llm = llama_cpp.Llama(model_path=path, embedding=True, n_threads=threads, n_threads_batch=threads,
                                  n_ctx=64 * 128, n_batch=64 * 128, n_ubatch=64 * 128, n_seq_max=64, verbose=False)
            batch = texts(lambda t: llm.tokenize(t.encode(), add_bos=True))
            one = lambda: [llm.embed(t) for t in batch]
            runs, elapsed = timed(one, seconds)
            row = {"engine": f"llama.cpp (llama-cpp-python {llama_cpp.__version__})", "file": path, "threads": threads,
                   "mode": "one sequence per call", "tokens_per_s": round(runs * 64 * 128 / elapsed)}
            row["gflops"] = round(row["tokens_per_s"] * MFLOP_PER_TOKEN / 1e3, 1)
            print(json.dumps(row))
            if index > 0:
                continue  # packed batches take about a minute per call; the first file shows it
            packed = lambda: llm.embed(batch)
            runs, elapsed = timed(packed, seconds)
            row = dict(row, mode="64 sequences per call", tokens_per_s=round(runs * 64 * 128 / elapsed))
            row["gflops"] = round(row["tokens_per_s"] * MFLOP_PER_TOKEN / 1e3, 1)
            print(json.dumps(row))
            del llm


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seconds = 3.0
    if "--seconds" in sys.argv:
        seconds = float(sys.argv[sys.argv.index("--seconds") + 1])
        args = [a for a in args if a != sys.argv[sys.argv.index("--seconds") + 1]]
    sentence_transformers_rows(args[0], seconds)
    llama_rows(args[1:], seconds)


if __name__ == "__main__":
    main()
