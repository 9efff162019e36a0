package dev.jtrace.tracer.state;

/**
 * A map from int keys (tids) to objects, by open addressing: the per-event lookups of the trace
 * processor (the pending entry of a thread, its captured strings) without boxing the key or
 * allocating a node per put, as a HashMap&lt;Integer, V&gt; does for every tid above 127.
 */
public final class IntMap<V> {
  private int[] keys;
  private Object[] values;
  private int size;

  public IntMap() {
    keys = new int[64];
    values = new Object[64];
  }

  private int slot(int key) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & (keys.length - 1);
  }

  @SuppressWarnings("unchecked")
  public V get(int key) {
    for (int i = slot(key); values[i] != null; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == key) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** Associates value (not null) with key. */
  public void put(int key, V value) {
    int i = slot(key);
    for (; values[i] != null; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  /** Puts value unless key has one; returns the value key had, or null. */
  public V putIfAbsent(int key, V value) {
    V old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  /** Removes key; returns its value, or null. */
  @SuppressWarnings("unchecked")
  public V remove(int key) {
    int mask = keys.length - 1;
    int i = slot(key);
    for (; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        V old = (V) values[i];
        // Backward-shift deletion: move later entries of the run up so no lookup stops at a hole.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
          int home = slot(keys[j]);
          boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
          if (movable) {
            keys[hole] = keys[j];
            values[hole] = values[j];
            hole = j;
          }
        }
        values[hole] = null;
        size--;
        return old;
      }
    }
    return null;
  }

  public int size() {
    return size;
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }
}
