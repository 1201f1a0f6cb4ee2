#!/usr/bin/python3
"""Tiny SVHN-format files for the reader test (development only; scipy.io.savemat writes MAT level 5 as SVHN's
own files are): fixtures/svhn/train_32x32.mat (3 images, zlib-compressed like the real files) and test_32x32.mat
(2 images, uncompressed). X[i, j, k, n] = (7 i + 3 j + 50 k + 11 n) mod 256 as uint8 [32, 32, 3, N] (row i,
column j, channel k, image n); y = [[10], [3], [7]] / [[1], [10]] as double (10 is the digit 0)."""
import numpy as np
import scipy.io


def images(n):
    i, j, k, m = np.meshgrid(np.arange(32), np.arange(32), np.arange(3), np.arange(n), indexing='ij')
    return ((7 * i + 3 * j + 50 * k + 11 * m) % 256).astype(np.uint8)


scipy.io.savemat('fixtures/svhn/train_32x32.mat', {'X': images(3), 'y': np.array([[10], [3], [7]], dtype=np.float64)}, do_compression=True)
scipy.io.savemat('fixtures/svhn/test_32x32.mat', {'X': images(2), 'y': np.array([[1], [10]], dtype=np.float64)}, do_compression=False)
