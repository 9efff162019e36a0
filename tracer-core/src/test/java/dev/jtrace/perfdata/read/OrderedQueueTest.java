package dev.jtrace.perfdata.read;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** perf's ordering rule: a round hands on only what the round before made safe. */
class OrderedQueueTest {
  private final List<Long> out = new ArrayList<>();
  private final OrderedQueue queue = new OrderedQueue(r -> out.add(r.time()));

  private void add(long... times) {
    for (long t : times) {
      queue.add(new MarkerRecord(t, t, 0));
    }
  }

  @Test
  void aRecordOneRoundLateIsStillInOrder() {
    add(10, 30);
    queue.finishedRound();
    assertThat(out).isEmpty(); // nothing is safe before a second round
    add(20, 40); // 20 comes a round late: another ring was read after the first round ended
    queue.finishedRound();
    assertThat(out).containsExactly(10L, 20L, 30L).inOrder(); // up to the first round's newest, 30
    add(35, 50);
    queue.finishedRound();
    assertThat(out).containsExactly(10L, 20L, 30L, 35L, 40L).inOrder();
    queue.flush();
    assertThat(out).containsExactly(10L, 20L, 30L, 35L, 40L, 50L).inOrder();
  }

  @Test
  void equalTimesKeepTheirOrderAndUntimedRecordsPassAtOnce() {
    queue.add(new MarkerRecord(1, 5, 0));
    queue.add(new MarkerRecord(2, 5, 0));
    queue.add(new MarkerRecord(3, -1, 0));
    assertThat(out).containsExactly(-1L);
    List<Long> offsets = new ArrayList<>();
    OrderedQueue q = new OrderedQueue(r -> offsets.add(r.offset()));
    q.add(new MarkerRecord(1, 5, 0));
    q.add(new MarkerRecord(2, 5, 0));
    q.add(new MarkerRecord(3, 4, 0));
    q.flush();
    assertThat(offsets).containsExactly(3L, 1L, 2L).inOrder();
  }
}
