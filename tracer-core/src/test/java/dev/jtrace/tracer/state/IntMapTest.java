package dev.jtrace.tracer.state;

import static com.google.common.truth.Truth.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IntMap agrees with a HashMap over a long random run of puts, removes and lookups. */
class IntMapTest {
  @Test
  void behavesLikeAHashMap() {
    IntMap<String> m = new IntMap<>();
    Map<Integer, String> ref = new HashMap<>();
    Random r = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      int key = r.nextInt(i < 100_000 ? 300 : 5000) * (r.nextBoolean() ? 1 : -7);
      switch (r.nextInt(4)) {
        case 0, 1 -> {
          String v = "v" + i;
          m.put(key, v);
          ref.put(key, v);
        }
        case 2 -> assertThat(m.remove(key)).isEqualTo(ref.remove(key));
        default -> assertThat(m.putIfAbsent(key, "p" + i)).isEqualTo(ref.putIfAbsent(key, "p" + i));
      }
      int probe = r.nextInt(5000);
      assertThat(m.get(probe)).isEqualTo(ref.get(probe));
      assertThat(m.size()).isEqualTo(ref.size());
    }
    for (Map.Entry<Integer, String> e : ref.entrySet()) {
      assertThat(m.get(e.getKey())).isEqualTo(e.getValue());
    }
  }
}
