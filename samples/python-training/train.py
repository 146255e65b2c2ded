#!/usr/bin/env python3
"""Trains a multinomial naive Bayes support-ticket classifier. Standard library only.

Usage: python3 train.py --config train-config.json --data data/support-classifier-training.jsonl --out out/model.json
"""
import argparse
import json
import math
import os
import re
from collections import Counter, defaultdict


def tokenize(text):
    return re.findall(r"[a-z]+", text.lower())


def train(examples, alpha):
    labels = Counter(e["label"] for e in examples)
    words = defaultdict(Counter)
    vocabulary = set()
    for example in examples:
        tokens = tokenize(example["text"])
        words[example["label"]].update(tokens)
        vocabulary.update(tokens)
    vocabulary = sorted(vocabulary)
    model = {"priors": {}, "likelihoods": {}, "vocabulary_size": len(vocabulary)}
    for label, count in sorted(labels.items()):
        model["priors"][label] = math.log(count / len(examples))
        total = sum(words[label].values()) + alpha * len(vocabulary)
        model["likelihoods"][label] = {w: math.log((words[label][w] + alpha) / total) for w in vocabulary}
    return model


def accuracy(model, examples):
    def predict(text):
        scores = {}
        for label, prior in model["priors"].items():
            likelihoods = model["likelihoods"][label]
            scores[label] = prior + sum(likelihoods.get(w, 0.0) for w in tokenize(text))
        return max(scores, key=scores.get)

    return sum(predict(e["text"]) == e["label"] for e in examples) / len(examples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    with open(args.data, encoding="utf-8") as f:
        examples = [json.loads(line) for line in f if line.strip()]
    model = train(examples, config["alpha"])
    model["training_accuracy"] = accuracy(model, examples)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"trained on {len(examples)} examples, {model['vocabulary_size']} words, "
          f"{len(model['priors'])} labels; training accuracy {model['training_accuracy']:.2f}; wrote {args.out}")


if __name__ == "__main__":
    main()
