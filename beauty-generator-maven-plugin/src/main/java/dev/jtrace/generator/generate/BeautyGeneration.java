package dev.jtrace.generator.generate;

import com.palantir.javapoet.JavaFile;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.generator.contents.ContentEmitter;
import dev.jtrace.generator.contents.ContentModel;
import dev.jtrace.generator.emit.Provenance;
import dev.jtrace.generator.emit.SourceWriter;
import dev.jtrace.generator.emit.TableEmitter;
import dev.jtrace.generator.emit.TableSources;
import dev.jtrace.generator.signatures.SignatureEmitter;
import dev.jtrace.generator.signatures.SignatureModel;
import dev.jtrace.generator.tables.TablePlanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Snapshot directory in, generated sources out: reader → passes → emitters (tables, syscall
 * signatures) → writer.
 */
public final class BeautyGeneration {
  /**
   * What a run produced: the number of tables and files, and the tables that could not be built.
   */
  public record Result(int tables, int files, List<String> warnings) {}

  private BeautyGeneration() {}

  public static Result generate(Path snapshotDir, Path outputRoot) throws IOException {
    AbiSnapshot snapshot = SnapshotReader.read(snapshotDir);
    TablePlanner.Plan plan = TablePlanner.plan(snapshot);
    Provenance provenance = Provenance.of(snapshot);
    int files =
        SourceWriter.writePackage(
            outputRoot,
            TableEmitter.GENERATED_PACKAGE,
            "Generated string tables, one class per table; look them up through {@code Tables}.",
            TableSources.of(plan.tables(), provenance),
            provenance);
    files +=
        SourceWriter.writePackage(
            outputRoot,
            SignatureEmitter.PACKAGE,
            "Generated syscall signatures, by tracefs format name ({@code SyscallBeautifier} reads"
                + " them), and per arch the argument contents and struct layouts ({@code"
                + " SyscallContents} reads them).",
            generated(snapshot, provenance),
            provenance);
    return new Result(plan.tables().size(), files, plan.warnings());
  }

  /** The syscall signatures, and per arch the argument contents and struct layouts. */
  private static List<JavaFile> generated(AbiSnapshot snapshot, Provenance provenance) {
    List<SignatureModel.Signature> signatures = SignatureModel.derive(snapshot);
    Map<String, Map<String, String>> formatNames = SignatureModel.formatNames(snapshot, signatures);
    List<ContentModel.ArchContents> contents =
        ContentModel.derive(snapshot, signatures, formatNames);
    return List.of(
        SignatureEmitter.emit(signatures, formatNames, provenance.fileComment()),
        ContentEmitter.specs(contents, provenance.fileComment()),
        ContentEmitter.layouts(contents, provenance.fileComment()));
  }
}
