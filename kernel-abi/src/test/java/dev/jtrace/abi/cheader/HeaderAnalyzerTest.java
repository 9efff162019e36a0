package dev.jtrace.abi.cheader;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructMember;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderAnalyzerTest {
  private static HeaderFacts analyze(Map<String, String> files, String root) {
    return new HeaderAnalyzer(new MapHeaderSource(files)).analyze(root);
  }

  private static String facts(String text) {
    return SnapshotWriter.header(
        analyze(Map.of("include/uapi/linux/t.h", text), "include/uapi/linux/t.h"));
  }

  private static String error(Map<String, String> files, String root) {
    return assertThrows(HeaderSyntaxException.class, () -> analyze(files, root)).getMessage();
  }

  private static String error(String text) {
    return error(Map.of("include/uapi/linux/t.h", text), "include/uapi/linux/t.h");
  }

  @Test
  void goldenFacts() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "include/uapi/linux/t.h",
        """
        #ifndef _UAPI_JTRACE_TEST_T_H
        #define _UAPI_JTRACE_TEST_T_H
        #include <linux/types.h>
        /* a comment */
        #define T_ONE   1   /* first */
        #define T_TWO   (T_ONE << 1)
        #define T_MASK  (T_ONE | T_TWO)
        #define T_NAME  "text"
        #define T_FN(x) ((x) + 1)
        #define T_USE   T_FN(41)
        #ifdef __KERNEL__
        #define T_KERNEL 1
        #elif defined(__x86_64__) && __BITS_PER_LONG == 64
        #define T_ARCH 64
        #else
        #define T_ARCH 32
        #endif
        enum t_kind { T_A, T_B = 5, T_C, T_D = T_B + T_C };
        struct t_pair { __u8 a; __u64 b; };
        union t_either { __u32 x; __u16 y[3]; };
        #endif
        """);
    files.put(
        "include/uapi/linux/types.h",
        """
        #define __BITS_PER_LONG 64
        typedef unsigned char __u8;
        typedef unsigned short __u16;
        typedef unsigned int __u32;
        typedef unsigned long long __u64;
        """);
    assertThat(SnapshotWriter.header(analyze(files, "include/uapi/linux/t.h")))
        .isEqualTo(
            """
            include\tinclude/uapi/linux/types.h
            define\t_JTRACE_TEST_T_H\t?\t
            define\tT_ONE\t1\t1
            define\tT_TWO\t2\t(T_ONE << 1)
            define\tT_MASK\t3\t(T_ONE | T_TWO)
            define\tT_NAME\t?\t"text"
            define\tT_USE\t42\tT_FN(41)
            define\tT_ARCH\t64\t64
            enum\tt_kind\tT_A\t0
            enum\tt_kind\tT_B\t5
            enum\tt_kind\tT_C\t6
            enum\tt_kind\tT_D\t11
            struct\tt_pair\t16
            union\tt_either\t8
            """);
  }

  @Test
  void ioctlNumbersFollowTheArchEncoding() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "include/uapi/asm-generic/ioctl.h",
        """
        #ifndef _IOC_SIZEBITS
        # define _IOC_SIZEBITS 14
        #endif
        #ifndef _IOC_DIRBITS
        # define _IOC_DIRBITS 2
        #endif
        #ifndef _IOC_NONE
        # define _IOC_NONE 0U
        #endif
        #ifndef _IOC_WRITE
        # define _IOC_WRITE 1U
        #endif
        #ifndef _IOC_READ
        # define _IOC_READ 2U
        #endif
        #define _IOC(dir,type,nr,size) (((dir) << (8+8+_IOC_SIZEBITS)) | ((type) << 8) | ((nr) << 0) | ((size) << 16))
        #define _IO(type,nr) _IOC(_IOC_NONE,(type),(nr),0)
        #define _IOWR(type,nr,size) _IOC(_IOC_READ|_IOC_WRITE,(type),(nr),(sizeof(size)))
        """);
    files.put(
        "arch/powerpc/include/uapi/asm/ioctl.h",
        """
        #define _IOC_SIZEBITS 13
        #define _IOC_DIRBITS 3
        #define _IOC_NONE 1U
        #define _IOC_READ 2U
        #define _IOC_WRITE 4U
        #include <asm-generic/ioctl.h>
        """);
    files.put(
        "include/uapi/drm/t.h",
        """
        #include <asm/ioctl.h>
        struct drm_version { int major, minor, patch; unsigned long name_len; char *name;
          unsigned long date_len; char *date; unsigned long desc_len; char *desc; };
        #define DRM_IOWR(nr,type) _IOWR('d',nr,type)
        #define DRM_IOCTL_VERSION DRM_IOWR(0x00, struct drm_version)
        #define DRM_IOCTL_SET_MASTER _IO('d', 0x1e)
        """);
    HeaderAnalyzer a = new HeaderAnalyzer(new MapHeaderSource(files));
    String x86 = SnapshotWriter.header(a.analyze("include/uapi/drm/t.h", TargetArch.X86_64));
    assertThat(x86).contains("struct\tdrm_version\t64\n");
    assertThat(x86).contains("define\tDRM_IOCTL_VERSION\t" + 0xc0406400L + "\t");
    assertThat(x86).contains("define\tDRM_IOCTL_SET_MASTER\t" + 0x641e + "\t");
    String ppc =
        SnapshotWriter.header(a.analyze("include/uapi/drm/t.h", TargetArch.forDir("powerpc")));
    assertThat(ppc).contains("define\tDRM_IOCTL_VERSION\t" + 0xc0406400L + "\t");
    assertThat(ppc).contains("define\tDRM_IOCTL_SET_MASTER\t" + 0x2000641eL + "\t");
  }

  @Test
  void structLayouts() {
    String f =
        facts(
            """
            struct packed_one { char c; int i; } __attribute__((packed));
            struct packed_member { char c; int i __attribute__((packed)); short s; };
            struct aligned_member { char c; unsigned long long x __attribute__((aligned(16))); };
            struct aligned_whole { int i; } __attribute__((aligned(8)));
            struct bits { unsigned int a:3, b:30; unsigned char c:4; };
            struct bits_byte { unsigned char a:4; unsigned char b:4; };
            struct flex { int n; char data[]; };
            struct nested { char tag; union { int i; long l; }; struct { short s[3]; } inner; };
            struct ptrs { void (*fn)(int); char *argv[4]; const char *const name; };
            struct arrays { int m[2][3]; char c; };
            struct empty { };
            struct longdouble { char c; long double d; };
            struct incomplete { struct nowhere n; };
            struct pointer_to_incomplete { struct nowhere *n; };
            """);
    assertThat(f).contains("struct\tpacked_one\t5\n");
    assertThat(f).contains("struct\tpacked_member\t8\n");
    assertThat(f).contains("struct\taligned_member\t32\n");
    assertThat(f).contains("struct\taligned_whole\t8\n");
    assertThat(f).contains("struct\tbits\t12\n");
    assertThat(f).contains("struct\tbits_byte\t1\n");
    assertThat(f).contains("struct\tflex\t4\n");
    assertThat(f).contains("struct\tnested\t24\n");
    assertThat(f).contains("struct\tptrs\t48\n");
    assertThat(f).contains("struct\tarrays\t28\n");
    assertThat(f).contains("struct\tempty\t0\n");
    assertThat(f).contains("struct\tlongdouble\t32\n");
    assertThat(f).doesNotContain("struct\tincomplete\t");
    assertThat(f).contains("struct\tpointer_to_incomplete\t8\n");
  }

  /** Members of the layout facts: offsets, type words, untagged nests flattened, per data model. */
  @Test
  void layoutMembersPerDataModel() {
    Map<String, String> files =
        Map.of(
            "include/uapi/linux/t.h",
            """
            struct inner { int x; };
            struct nested {
              char tag;
              union { int i; long l; };
              struct { short s[3]; } named;
              struct inner in;
              unsigned long long big;
              const char *name;
              unsigned int a:3, b:30;
              char text[5];
            };
            """);
    HeaderAnalyzer a = new HeaderAnalyzer(new MapHeaderSource(files));
    StructLayoutFact lp64 = a.layouts(List.of("linux/t.h"), TargetArch.X86_64).get("struct nested");
    assertThat(lp64.members())
        .containsExactly(
            new StructMember("tag", 0, 1, "char"),
            new StructMember("i", 8, 4, "s4"),
            new StructMember("l", 8, 8, "s8"),
            new StructMember("named.s", 16, 6, "s2[3]"),
            new StructMember("in", 24, 4, "struct inner"),
            new StructMember("big", 32, 8, "u8"),
            new StructMember("name", 40, 8, "ptr"),
            new StructMember("a", 48, 4, "u4:0:3"),
            new StructMember("b", 52, 4, "u4:0:30"),
            new StructMember("text", 56, 5, "char[5]"))
        .inOrder();
    assertThat(lp64.size()).isEqualTo(64);
    StructLayoutFact i386 = a.layouts(List.of("linux/t.h"), TargetArch.I386).get("struct nested");
    assertThat(i386.members().get(1)).isEqualTo(new StructMember("i", 4, 4, "s4"));
    assertThat(i386.members().get(5)).isEqualTo(new StructMember("big", 20, 8, "u8"));
    assertThat(i386.members().get(6)).isEqualTo(new StructMember("name", 28, 4, "ptr"));
    assertThat(i386.size()).isEqualTo(48);
    assertThat(
            a.layouts(List.of("linux/t.h"), TargetArch.forDir("arm"))
                .get("struct nested")
                .members()
                .get(5))
        .isEqualTo(new StructMember("big", 24, 8, "u8"));
  }

  @Test
  void skipsWhatItDoesNotModel() {
    String f =
        facts(
            """
            static inline int helper(int x) { if (x) { return 1; } return 0; }
            extern int prototype(const char *fmt, ...);
            typedef __typeof__(sizeof(0)) size_t_like;
            struct after { int x; };
            @ garbage ;
            enum { AFTER_GARBAGE = 3 };
            """);
    assertThat(f).contains("struct\tafter\t4\n");
    assertThat(f).contains("enum\t-\tAFTER_GARBAGE\t3\n");
  }

  @Test
  void macrosExpandLikeC() {
    String f =
        facts(
            """
            #define CAT(a, b) a ## b
            #define STR(x) #x
            #define VA(fmt, args...) f(fmt, ## args)
            #define SELF SELF
            #define X_1 10
            #define PASTED CAT(X_, 1)
            #define TWICE(x) ((x) * 2)
            #define NESTED TWICE(TWICE(3))
            #define LATER (EARLIER + 1)
            #define EARLIER 4
            """);
    assertThat(f).contains("define\tPASTED\t10\t");
    assertThat(f).contains("define\tNESTED\t12\t");
    assertThat(f).contains("define\tLATER\t5\t");
    assertThat(f).contains("define\tSELF\t?\tSELF");
  }

  @Test
  void macroArgumentsMaySpanConditionals() {
    String f =
        facts(
            """
            #define PAIR(a, b) struct a { int x; b };
            PAIR(spanning,
            #ifdef __x86_64__
              long y;
            #else
              int y;
            #endif
            )
            """);
    assertThat(f).contains("struct\tspanning\t16\n");
    assertThat(error("#define F(a) a\nF(1,\n"))
        .isEqualTo("include/uapi/linux/t.h:2:1: expected ')' to end the arguments of macro F");
  }

  @Test
  void unbalancedIfIsAnErrorAtTheIf() {
    assertThat(error("#define A 1\n#if A\n#define B 2\n"))
        .isEqualTo(
            "include/uapi/linux/t.h:2:2: expected #endif to close this #if before the end of the"
                + " file");
  }

  @Test
  void strayEndifAndDoubleElse() {
    assertThat(error("int x;\n  #endif\n"))
        .isEqualTo("include/uapi/linux/t.h:2:4: expected #if, #ifdef or #ifndef before #endif");
    assertThat(error("#if 1\n#else\n#else\n#endif\n"))
        .isEqualTo("include/uapi/linux/t.h:3:2: expected #endif after #else, found another #else");
  }

  @Test
  void unterminatedComment() {
    assertThat(error("#define A 1\nint x; /* never closed\n"))
        .isEqualTo("include/uapi/linux/t.h:2:8: expected '*/' to close this comment");
  }

  @Test
  void badConditionExpression() {
    assertThat(error("#if 1 +\n#endif\n"))
        .isEqualTo(
            "include/uapi/linux/t.h:1:8: expected an expression operand or operator, found end of"
                + " expression");
    assertThat(error("#if (1 2)\n#endif\n"))
        .isEqualTo(
            "include/uapi/linux/t.h:1:8: expected an expression operand or operator, found '2'");
  }

  @Test
  void badDefine() {
    assertThat(error("#define\n"))
        .isEqualTo("include/uapi/linux/t.h:1:2: expected a macro name after #define");
    assertThat(error("#define F(a, 1) a\n"))
        .isEqualTo("include/uapi/linux/t.h:1:14: expected a parameter name in macro F");
  }

  @Test
  void errorsInIncludedFilesNameThatFile() {
    Map<String, String> files =
        Map.of(
            "include/uapi/linux/t.h", "#include <linux/bad.h>\n",
            "include/uapi/linux/bad.h", "\n#ifdef X\n");
    assertThat(error(files, "include/uapi/linux/t.h"))
        .isEqualTo(
            "include/uapi/linux/bad.h:2:2: expected #endif to close this #ifdef before the end of"
                + " the file");
  }

  @Test
  void inactiveBranchesAreNotEvaluated() {
    String f =
        facts(
            """
            #if 0
            #if this is not ( an expression
            #endif
            don't care about 'quotes
            #define HIDDEN 1
            #endif
            #define SHOWN 2
            """);
    assertThat(f).isEqualTo("define\tSHOWN\t2\t2\n");
  }

  @Test
  void conditionsComputeInIntmax() {
    assertThat(
            facts(
                """
                #if 0xffffffff + 1 == 0
                #define WRAPPED 1
                #else
                #define WIDE 1
                #endif
                #if (1 << 40) > 0
                #define SHIFTED 1
                #endif
                #if -1 < 0U
                #define SIGNED 1
                #else
                #define UNSIGNED 1
                #endif
                """))
        .isEqualTo("define\tWIDE\t1\t1\ndefine\tSHIFTED\t1\t1\ndefine\tUNSIGNED\t1\t1\n");
  }

  @Test
  void kernelConfigTestsReadAsAllYes() {
    assertThat(
            facts(
                """
                #if IS_ENABLED(CONFIG_A)
                #define ENABLED 1
                #endif
                #if IS_BUILTIN(CONFIG_A) && IS_REACHABLE(CONFIG_B)
                #define BUILTIN 1
                #endif
                #if IS_MODULE(CONFIG_A)
                #define MODULE 1
                #endif
                #ifdef CONFIG_B
                #define IFDEF 1
                #endif
                #ifndef CONFIG_B
                #define IFNDEF 1
                #endif
                #if defined(CONFIG_C) && !defined CONFIG_D
                #define NEITHER 1
                #elif defined(CONFIG_C)
                #define DEFINED 1
                #endif
                #if IS_ENABLED(CONFIG_E)
                #define BRANCH 1
                #else
                #define BRANCH 2
                #endif
                #if CONFIG_NR_CPUS > 1 || IS_ENABLED(NOT_AN_OPTION) || __has_include(<x.h>) || defined(CONFIG_)
                #define UNKNOWN 1
                #endif
                """))
        .isEqualTo(
            """
            define	ENABLED	1	1
            define	BUILTIN	1	1
            define	IFDEF	1	1
            define	DEFINED	1	1
            define	BRANCH	1	1
            """);
  }

  @Test
  void functionLikeMacrosWithASizeArgumentAreIoctls() {
    Map<String, String> files = new HashMap<>();
    files.put(
        "include/uapi/asm-generic/ioctl.h",
        """
        #define _IOC_NRSHIFT 0
        #define _IOC_TYPESHIFT 8
        #define _IOC_SIZESHIFT 16
        #define _IOC_DIRSHIFT 30
        #define _IOC_SIZEMASK ((1 << 14) - 1)
        #define _IOC_WRITE 1U
        #define _IOC_READ 2U
        #define _IOC(dir,type,nr,size) (((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | \\
          ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))
        #define _IOR(type,nr,size) _IOC(_IOC_READ,(type),(nr),sizeof(size))
        """);
    files.put(
        "include/uapi/linux/t.h",
        """
        #include <asm/ioctl.h>
        #define T_NAME(len) _IOC(_IOC_READ, 'T', 0x20, len)
        #define T_PAIR(n, len) _IOC(_IOC_WRITE, 'T', 0x21, (n) * 8 + (len))
        #define T_BIT(ev, len) _IOC(_IOC_READ, 'T', 0x40 + (ev), len)
        #define T_NR(nr) _IOC(_IOC_READ, 'T', nr, 0)
        #define T_TYPED(type) _IOR('T', 1, type)
        #define T_PLUS(x) ((x) + 1)
        #define T_CONSTANT(x) 0x5401
        #define T_ALL(...) _IOC(_IOC_READ, 'T', 0x22, __VA_ARGS__)
        #define T_NONE() _IOC(_IOC_READ, 'T', 0x23, 0)
        """);
    String f = SnapshotWriter.header(analyze(files, "include/uapi/linux/t.h"));
    assertThat(f)
        .contains("ioctlfn\tT_NAME\tlen\t" + 0x80005420L + "\t_IOC(_IOC_READ, 'T', 0x20, len)\n");
    assertThat(f)
        .contains(
            "ioctlfn\tT_PAIR\tn,len\t"
                + 0x40005421L
                + "\t_IOC(_IOC_WRITE, 'T', 0x21, (n) * 8 + (len))\n");
    assertThat(f)
        .containsMatch("(?s)^include\t[^\n]*\nioctlfn\tT_NAME\t[^\n]*\nioctlfn\tT_PAIR\t[^\n]*\n$");
  }

  @Test
  void errnoDescriptions() {
    HeaderFacts h =
        analyze(
            Map.of(
                "include/uapi/asm-generic/errno-base.h",
                """
                #define EPERM 1 /* Operation not permitted */
                #define EAGAIN 11 /* Try again */
                #define EWOULDBLOCK EAGAIN /* Operation would block */
                """),
            "include/uapi/asm-generic/errno-base.h");
    assertThat(SnapshotWriter.header(h))
        .contains(
            """
            errno\tEPERM\t1\tOperation not permitted
            errno\tEAGAIN\t11\tTry again
            errno\tEWOULDBLOCK\t11\tOperation would block
            """);
  }
}
