package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class OnlineCpusTest {
  @Test
  void cpuLists() {
    assertThat(OnlineCpus.parse("0-2,5")).containsExactly(0, 1, 2, 5).inOrder();
  }
}
