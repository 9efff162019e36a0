package dev.jtrace.symbols;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demangler against c++filt on names g++ and rustc produce here, and on known mangled strings
 * (for machines without the compilers).
 */
class DemanglerTest {
  private static final String CPP =
      """
      #include <map>
      #include <string>
      #include <vector>
      namespace app {
      struct Widget {
        Widget(int);
        ~Widget();
        int size() const;
        Widget &operator+=(const Widget &);
        static void reset(char *, unsigned long);
        template <typename T> T get(T, const std::vector<T> &) const;
      };
      Widget::Widget(int) {}
      Widget::~Widget() {}
      int Widget::size() const { return 1; }
      Widget &Widget::operator+=(const Widget &) { return *this; }
      void Widget::reset(char *, unsigned long) {}
      template <typename T> T Widget::get(T t, const std::vector<T> &) const { return t; }
      template int Widget::get<int>(int, const std::vector<int> &) const;
      template double Widget::get<double>(double, const std::vector<double> &) const;
      namespace {
      int hidden(const char *s) { return s[0]; }
      }
      int callHidden() { return hidden("x"); }
      void takesFn(void (*)(int), int (&)[4], long double, bool, wchar_t) {}
      void strings(const std::string &, std::map<int, std::string> *) {}
      template <int N> int fixed() { return N; }
      template int fixed<3>();
      }  // namespace app
      """;

  private static final String RUST =
      """
      pub struct Point<T> { pub x: T }
      impl<T: Copy> Point<T> { #[inline(never)] pub fn get(&self) -> T { self.x } }
      pub trait Speak { fn speak(&self) -> u32; }
      impl Speak for Point<u8> { #[inline(never)] fn speak(&self) -> u32 { self.x as u32 } }
      #[inline(never)] pub fn generic<T: Copy>(v: &[T]) -> usize { v.len() }
      #[inline(never)] pub fn tuple(t: (u8, &str)) -> usize { t.1.len() + t.0 as usize }
      fn main() {
        let p = Point { x: 3u8 };
        let q = Point { x: 5i64 };
        let r = generic(&[1u16, 2]) + p.speak() as usize + p.get() as usize + q.get() as usize
          + (|a: usize| a + 1)(2) + tuple((1, "ab"));
        std::process::exit(r as i32 - 18);
      }
      """;

  @Test
  void cppNamesAsCppFiltPrintsThem() throws Exception {
    Path dir = Files.createTempDirectory("demangle-cpp");
    Path src = dir.resolve("names.cpp");
    Files.writeString(src, CPP);
    Path obj = dir.resolve("names.o");
    StacksWorkload.run(List.of("g++", "-c", "-o", obj.toString(), src.toString()), "g++");
    List<String> names = definedNames(obj);
    assertThat(names.size()).isAtLeast(10);
    assertAllAsCppFilt(names, false);
  }

  @Test
  void rustNamesAsCppFiltPrintsThem() throws Exception {
    Path dir = Files.createTempDirectory("demangle-rust");
    Path src = dir.resolve("main.rs");
    Files.writeString(src, RUST);
    for (String scheme : List.of("v0", "legacy")) {
      Path bin = dir.resolve(scheme);
      List<String> cmd =
          new ArrayList<>(List.of("rustc", "-C", "opt-level=0", "-o", bin.toString()));
      if (scheme.equals("v0")) {
        cmd.addAll(List.of("-C", "symbol-mangling-version=v0"));
      }
      cmd.add(src.toString());
      StacksWorkload.run(cmd, "rustc");
      List<String> names = new ArrayList<>();
      for (String n : definedNames(bin)) {
        if (scheme.equals("v0") ? n.startsWith("_R") : n.matches("_ZN.*17h[0-9a-f]{16}E")) {
          names.add(n);
        }
      }
      assertThat(names.size()).isAtLeast(scheme.equals("v0") ? 5 : 1);
      assertAllAsCppFilt(names, true);
    }
  }

  @Test
  void knownNames() {
    assertThat(Demangler.demangle("_ZN3foo3barEv")).isEqualTo("foo::bar()");
    assertThat(Demangler.demangle("_Z1fPKcRi")).isEqualTo("f(char const*, int&)");
    assertThat(Demangler.demangle("_ZNKSt6vectorIiSaIiEE4sizeEv"))
        .isEqualTo("std::vector<int, std::allocator<int> >::size() const");
    assertThat(Demangler.demangle("_ZN4core3fmt5write17h0123456789abcdefE"))
        .isEqualTo("core::fmt::write");
    assertThat(Demangler.demangle("_ZN5alloc3vec12Vec$LT$T$GT$4push17h0123456789abcdefE"))
        .isEqualTo("alloc::vec::Vec<T>::push");
    assertThat(Demangler.demangle("_RNvCs1234_7mycrate4main")).isEqualTo("mycrate::main");
    assertThat(Demangler.demangle("_RNvMNtCs32gj3y4fnmh_4main7lib_modINtB2_5PointhE3getB4_"))
        .isEqualTo("<main::lib_mod::Point<u8>>::get");
    assertThat(Demangler.demangle("_Z3foov.cold")).isEqualTo("foo() [clone .cold]");
    assertThat(Demangler.demangle("main")).isEqualTo("main");
    assertThat(Demangler.demangle("_Zbroken")).isEqualTo("_Zbroken");
  }

  private static List<String> definedNames(Path file) throws Exception {
    List<String> names = new ArrayList<>();
    for (String line :
        StacksWorkload.run(List.of("nm", "--defined-only", file.toString()), "nm").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && (f[2].startsWith("_Z") || f[2].startsWith("_R"))) {
        names.add(f[2]);
      }
    }
    return names;
  }

  /** Each name demangles as c++filt does (for Rust: without the crate disambiguators). */
  private static void assertAllAsCppFilt(List<String> names, boolean rust) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("c++filt"));
    cmd.addAll(names);
    String[] expected = StacksWorkload.run(cmd, "c++filt").split("\n");
    assumeTrue(expected.length == names.size(), "c++filt gave " + expected.length + " lines");
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      // perf leaves out the crate disambiguators of v0 names and the hash of legacy ones
      String want =
          rust
              ? expected[i].replaceAll("\\[[0-9a-f]+\\]", "").replaceAll("::h[0-9a-f]{16}$", "")
              : expected[i];
      String got = Demangler.demangle(names.get(i));
      if (!got.equals(want)) {
        mismatches.add(names.get(i) + ": " + got + " != " + want);
      }
    }
    assertThat(mismatches).isEmpty();
  }
}
