"""Writes a small dataset (8 JSONL parts of different sizes) and its provenance.yaml, digests computed with hashlib."""
import hashlib
import os
import random
import sys

root = sys.argv[1]
os.makedirs(os.path.join(root, "data"), exist_ok=True)
rng = random.Random(20260522)
entries = []
for part in range(8):
    lines = [f'{{"ticket": "T-{part:02d}{i:05d}", "label": "{rng.choice(["billing", "refund", "login"])}", "text": "{rng.getrandbits(64):016x}"}}\n'
             for i in range(rng.randint(800, 6000))]
    data = "".join(lines).encode()
    name = f"data/part-{part:02d}.jsonl"
    with open(os.path.join(root, name), "wb") as f:
        f.write(data)
    entries.append((name, hashlib.sha256(data).hexdigest()))

with open(os.path.join(root, "provenance.yaml"), "w") as f:
    f.write("dataset: support-tickets-sharded\n")
    f.write("source_records:\n  - support-chat-export@2026-05-22\n")
    f.write("rights_basis: internal-use-policy-2026-04\n")
    f.write("transforms:\n  - normalize-v1\n  - pii-redaction-v3\n")
    f.write("reviewer_status: accepted\n")
    f.write("model_build: support-classifier-sharded\n")
    f.write("files:\n")
    for name, digest in entries:
        f.write(f"  - path: {name}\n    sha256: {digest}\n")
print(f"dataset: {len(entries)} files in {root}")
