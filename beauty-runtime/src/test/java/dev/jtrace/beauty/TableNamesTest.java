package dev.jtrace.beauty;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.table.Tables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A logical table name the renderers use but no table carries would silently print raw numbers. */
class TableNamesTest {
  @Test
  void everyNameTheRenderersUseResolvesToAGeneratedTable() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field f : TableNames.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        names.add((String) f.get(null));
      }
    }
    assertWithMessage("TableNames constants").that(names).isNotEmpty();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      // x86_64 has every arch-specific table the renderers name (MSRs, IRQ vectors, arch_prctl
      // codes).
      if (Tables.get(name, Arch.X86_64) == null) {
        missing.add(name);
      }
    }
    assertWithMessage("names without a table").that(missing).isEmpty();
  }
}
