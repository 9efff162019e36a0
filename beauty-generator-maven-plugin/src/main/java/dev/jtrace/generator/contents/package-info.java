/**
 * What user memory each syscall's arguments point at, per arch: {@link
 * dev.jtrace.generator.contents.ContentRules} (the explicit rules the types cannot say: which
 * argument is a buffer's length, in or out), {@link dev.jtrace.generator.contents.ContentModel}
 * (the rules applied to the tracefs formats and the struct layouts of each arch) and the JavaPoet
 * emitters of {@code dev.jtrace.beauty.gen.SyscallContentSpecs} and {@code
 * dev.jtrace.beauty.gen.StructLayouts}.
 */
package dev.jtrace.generator.contents;
