package dev.jtrace.abi.model;

import java.util.List;

/**
 * The struct layouts of one arch: every tagged struct and union of the headers {@code LAYOUTS}
 * lists, read as one translation unit preprocessed for that arch and laid out by its data model.
 *
 * @param arch jtrace's arch name ({@code x86_64}, {@code i386}, …)
 * @param dataModel how the arch lays out C types, e.g. {@code LP64} or {@code ILP32, long long
 *     aligned to 4}
 * @param structs sorted by kind and tag
 */
public record ArchLayouts(String arch, String dataModel, List<StructLayoutFact> structs) {
  public ArchLayouts {
    structs = List.copyOf(structs);
  }
}
