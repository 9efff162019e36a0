package dev.jtrace.unwind;

/**
 * Runs the DW_CFA instructions of a CIE and an FDE up to an address, leaving the row in effect
 * there. One per unwinder (its rows and its remember stack are reused): no allocation per frame.
 */
final class CfiInterpreter {
  private static final int REMEMBER_DEPTH = 16;

  private final CfiRow initial = new CfiRow();
  private final CfiRow[] remembered = new CfiRow[REMEMBER_DEPTH];
  private int depth;
  private final CfiReader r = new CfiReader("none", java.nio.ByteBuffer.allocate(0), 0);

  CfiInterpreter() {
    for (int i = 0; i < REMEMBER_DEPTH; i++) {
      remembered[i] = new CfiRow();
    }
  }

  /** Fills {@code row} with the rules in effect at {@code address} in FDE {@code fde}. */
  void rowAt(CfiTable table, int fde, long address, CfiRow row) throws CfiException {
    CfiTable.Cie cie = table.cie(fde);
    r.reset(table.name, table.data, table.address);
    row.clear();
    depth = 0;
    r.p = cie.instructions();
    r.end = cie.instructionsEnd();
    run(r, cie, row, null, table.start(fde), Long.MAX_VALUE);
    initial.copyFrom(row);
    r.p = table.instructions(fde);
    r.end = table.instructionsEnd(fde);
    run(r, cie, row, initial, table.start(fde), address);
  }

  private void run(CfiReader r, CfiTable.Cie cie, CfiRow row, CfiRow init, long loc, long target)
      throws CfiException {
    while (r.p < r.end) {
      int op = r.u8("CFA instruction");
      int high = op & 0xc0;
      int low = op & 0x3f;
      if (high == 0x40) { // DW_CFA_advance_loc
        loc += low * cie.codeAlign();
        if (Long.compareUnsigned(loc, target) > 0) {
          return;
        }
        continue;
      }
      if (high == 0x80) { // DW_CFA_offset
        row.set(low, CfiRow.OFFSET, r.uleb("offset") * cie.dataAlign());
        continue;
      }
      if (high == 0xc0) { // DW_CFA_restore
        restore(row, init, low, r);
        continue;
      }
      switch (op) {
        case 0x00 -> {} // nop
        case 0x01 -> { // set_loc
          loc = r.pointer(cie.fdeEncoding(), "set_loc address");
          if (Long.compareUnsigned(loc, target) > 0) {
            return;
          }
        }
        case 0x02, 0x03, 0x04 -> { // advance_loc1/2/4
          long delta =
              op == 0x02 ? r.u8("advance") : op == 0x03 ? r.u16("advance") : r.u32("advance");
          loc += delta * cie.codeAlign();
          if (Long.compareUnsigned(loc, target) > 0) {
            return;
          }
        }
        case 0x05 -> { // offset_extended
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.OFFSET, r.uleb("offset") * cie.dataAlign());
        }
        case 0x06 -> restore(row, init, r.ulebInt("register"), r); // restore_extended
        case 0x07 -> row.set(r.ulebInt("register"), CfiRow.UNDEFINED, 0); // undefined
        case 0x08 -> row.set(r.ulebInt("register"), CfiRow.SAME, 0); // same_value
        case 0x09 -> { // register
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.REGISTER, r.ulebInt("register"));
        }
        case 0x0a -> { // remember_state
          if (depth == REMEMBER_DEPTH) {
            throw r.bad("remember_state nested deeper than " + REMEMBER_DEPTH);
          }
          remembered[depth++].copyFrom(row);
        }
        case 0x0b -> { // restore_state: every rule, the CFA's too (gcc's epilogues rely on it)
          if (depth == 0) {
            throw r.bad("restore_state without remember_state");
          }
          row.copyFrom(remembered[--depth]);
        }
        case 0x0c -> { // def_cfa
          row.cfaIsExpression = false;
          row.cfaRegister = r.ulebInt("register");
          row.cfaOffset = r.uleb("offset");
        }
        case 0x0d -> { // def_cfa_register
          row.cfaIsExpression = false;
          row.cfaRegister = r.ulebInt("register");
        }
        case 0x0e -> row.cfaOffset = r.uleb("offset"); // def_cfa_offset
        case 0x0f -> { // def_cfa_expression
          int n = block(r);
          row.cfaIsExpression = true;
          row.cfaExpression = r.p;
          row.cfaExpressionLength = n;
          r.p += n;
        }
        case 0x10, 0x16 -> { // expression, val_expression
          int reg = r.ulebInt("register");
          int n = block(r);
          row.set(reg, op == 0x10 ? CfiRow.EXPRESSION : CfiRow.VAL_EXPRESSION, r.p);
          if (reg >= 0 && reg < CfiRow.MAX_REGISTERS) {
            row.length[reg] = n;
          }
          r.p += n;
        }
        case 0x11 -> { // offset_extended_sf
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.OFFSET, r.sleb("offset") * cie.dataAlign());
        }
        case 0x12 -> { // def_cfa_sf
          row.cfaIsExpression = false;
          row.cfaRegister = r.ulebInt("register");
          row.cfaOffset = r.sleb("offset") * cie.dataAlign();
        }
        case 0x13 -> row.cfaOffset = r.sleb("offset") * cie.dataAlign(); // def_cfa_offset_sf
        case 0x14 -> { // val_offset
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.VAL_OFFSET, r.uleb("offset") * cie.dataAlign());
        }
        case 0x15 -> { // val_offset_sf
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.VAL_OFFSET, r.sleb("offset") * cie.dataAlign());
        }
        case 0x2d -> {} // GNU_window_save / AARCH64_negate_ra_state: no pointer auth on x86_64
        case 0x2e -> r.uleb("args size"); // GNU_args_size
        case 0x2f -> { // GNU_negative_offset_extended
          int reg = r.ulebInt("register");
          row.set(reg, CfiRow.OFFSET, -r.uleb("offset") * cie.dataAlign());
        }
        default ->
            throw new CfiException(
                r.section, r.p - 1, "unknown CFA instruction 0x" + Integer.toHexString(op));
      }
    }
  }

  private static int block(CfiReader r) throws CfiException {
    int n = r.ulebInt("expression length");
    if (n > r.end - r.p) {
      throw r.bad("expression runs past the entry");
    }
    return n;
  }

  private static void restore(CfiRow row, CfiRow init, int reg, CfiReader r) throws CfiException {
    if (init == null) {
      throw r.bad("restore in a CIE's initial instructions");
    }
    row.restoreFrom(init, reg);
  }
}
