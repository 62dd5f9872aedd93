#!/usr/bin/env python3
"""Writes a tiny IDX image set that only a spatial filter separates (the bars of the conv HIL tests, drawn with
Python's own generator): H x W images with one bright bar, horizontal in the top or bottom half or vertical in the
left or right half, plus 5 % pixel noise; labels 0..3. Usage: bars_idx.py DIR [TRAIN] [TEST] [H] [W]."""
import os
import random
import struct
import sys


def write(d, prefix, n, rows, cols, seed):
    rng = random.Random(seed)
    img = bytearray(struct.pack(">IIII", 0x803, n, rows, cols))
    lab = bytearray(struct.pack(">II", 0x801, n))
    for i in range(n):
        label = i % 4
        px = bytearray(200 if rng.random() < 0.05 else 0 for _ in range(rows * cols))
        if label < 2:
            y = rng.randrange(0, rows // 2) if label == 0 else rng.randrange(rows // 2, rows)
            for x in range(cols):
                px[y * cols + x] = 255
        else:
            x = rng.randrange(0, cols // 2) if label == 2 else rng.randrange(cols // 2 + 1, cols)
            for y in range(rows):
                px[y * cols + x] = 255
        img += px
        lab.append(label)
    tmp = os.path.join(d, prefix + "-images-idx3-ubyte.tmp")
    with open(tmp, "wb") as f:
        f.write(img)
    os.replace(tmp, os.path.join(d, prefix + "-images-idx3-ubyte"))
    tmp = os.path.join(d, prefix + "-labels-idx1-ubyte.tmp")
    with open(tmp, "wb") as f:
        f.write(lab)
    os.replace(tmp, os.path.join(d, prefix + "-labels-idx1-ubyte"))


def main():
    d = sys.argv[1]
    train = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    test = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    cols = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    os.makedirs(d, exist_ok=True)
    write(d, "train", train, rows, cols, 11)
    write(d, "t10k", test, rows, cols, 12)


if __name__ == "__main__":
    main()
