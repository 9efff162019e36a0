package dev.jtrace.generator.emit;

import com.palantir.javapoet.JavaFile;
import dev.jtrace.generator.tables.TableModel;
import java.util.ArrayList;
import java.util.List;

/** Every source file of the tables: one class per table and the index. */
public final class TableSources {
  private TableSources() {}

  public static List<JavaFile> of(List<TableModel> tables, Provenance provenance) {
    TableEmitter emitter = new TableEmitter(provenance);
    List<JavaFile> files = new ArrayList<>();
    for (TableModel t : tables) {
      files.add(emitter.emit(t));
    }
    files.add(new IndexEmitter(provenance).emit(tables));
    return files;
  }
}
