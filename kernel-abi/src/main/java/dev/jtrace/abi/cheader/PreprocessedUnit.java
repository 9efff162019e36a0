package dev.jtrace.abi.cheader;

import java.util.List;
import java.util.Map;

/**
 * One header preprocessed as a translation unit of its own.
 *
 * @param root the header's tree path
 * @param code the macro-expanded tokens outside directives, every included header's included
 * @param macros the macros defined at the end
 * @param defines per file, the object- and function-like macros it defined in the taken branches,
 *     in order
 * @param includes per file, the tree paths it included, in order
 * @param comments per file, the comment that ends a {@code #define} line, by macro name
 */
public record PreprocessedUnit(
    String root,
    List<PpToken> code,
    Map<String, Macro> macros,
    Map<String, Map<String, Macro>> defines,
    Map<String, List<String>> includes,
    Map<String, Map<String, String>> comments) {}
