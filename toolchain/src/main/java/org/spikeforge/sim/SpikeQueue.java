package org.spikeforge.sim;

/**
 * Indexed binary min-heap of neurons keyed by their next spike time, ties broken by the smaller neuron index, so
 * that simultaneous spikes always come out in ascending neuron order. Keys can be changed in O(log n).
 */
final class SpikeQueue {
  private int[] heap = new int[0];
  private int[] pos = new int[0];
  private double[] key = new double[0];
  private int size;

  void reset(int n) {
    if (heap.length < n) {
      heap = new int[n];
      pos = new int[n];
      key = new double[n];
    }
    size = n;
    for (int i = 0; i < n; i++) {
      heap[i] = i;
      pos[i] = i;
      key[i] = Double.POSITIVE_INFINITY;
    }
  }

  double minKey() {
    return key[heap[0]];
  }

  int minNeuron() {
    return heap[0];
  }

  void update(int neuron, double time) {
    double old = key[neuron];
    key[neuron] = time;
    int i = pos[neuron];
    if (time < old) {
      siftUp(i);
    } else {
      siftDown(i);
    }
  }

  private static boolean less(double ta, int a, double tb, int b) {
    return ta < tb || (ta == tb && a < b);
  }

  private boolean less(int i, int j) {
    int a = heap[i];
    int b = heap[j];
    return less(key[a], a, key[b], b);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int m = l;
      if (l + 1 < size && less(l + 1, l)) {
        m = l + 1;
      }
      if (!less(m, i)) {
        return;
      }
      swap(i, m);
      i = m;
    }
  }

  private void swap(int i, int j) {
    int a = heap[i];
    int b = heap[j];
    heap[i] = b;
    heap[j] = a;
    pos[b] = i;
    pos[a] = j;
  }
}
