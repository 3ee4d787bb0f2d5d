#!/usr/bin/python3
"""Dumps workbooks as lines of text for the unit tests (tests/lib/xlsxread.h),
read by openpyxl, a reader independent of the writer (libxlsxwriter):

    book    FILE
    sheets  NAME ...
    sheet   NAME  freeze  filter  orientation  paper  fit_width  fit_height
    width   NAME  COLUMN  WIDTH
    height  NAME  ROW  HEIGHT
    cf      NAME  RANGE  TYPE  DETAIL
    cell    NAME  REF  TYPE  VALUE  FORMAT  FILL  BOLD  COLOR  COMMENT

fields separated by tabs ("-" for none; tab, newline and backslash written
\\t, \\n and \\\\); a number as Python's repr of the double its text reads as
(the shortest text that reads back as it). Only cells that hold a value.
With --serve, the workbooks named on stdin, one a line (see serve). Exit
status 77 when openpyxl is missing."""
import sys

try:
    import openpyxl
except ImportError:
    print("openpyxl missing")
    sys.exit(77)


def esc(v):
    if v is None:
        return "-"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def rgb(color):
    if color is None or color.type != "rgb" or color.rgb is None:
        return "-"
    return str(color.rgb)[-6:]


def value(c):
    if c.data_type == "n":
        return repr(float(c.value))
    return esc(c.value)


def fill(c):
    f = c.fill
    if f is None or f.patternType is None:
        return "-"
    return rgb(f.fgColor)


def fitted(n):
    return 1 if n is None else n


def dump(path):
    wb = openpyxl.load_workbook(path)
    out = ["book\t" + esc(path), "sheets\t" + "\t".join(map(esc, wb.sheetnames))]
    for ws in wb.worksheets:
        n = esc(ws.title)
        ps = ws.page_setup
        fit = ws.sheet_properties.pageSetUpPr
        out.append("\t".join(["sheet", n, esc(ws.freeze_panes),
                              esc(ws.auto_filter.ref), esc(ps.orientation),
                              esc(ps.paperSize),
                              # fitted to pages: how many wide and tall (1 when
                              # not said, as in the file format)
                              esc(fitted(ps.fitToWidth) if fit and fit.fitToPage else None),
                              esc(fitted(ps.fitToHeight) if fit and fit.fitToPage else None)]))
        for col, d in sorted(ws.column_dimensions.items()):
            if d.width is not None and d.customWidth:
                # a range of columns is one entry: each gets its width
                for k in range(d.min or 1, (d.max or d.min or 1) + 1):
                    letter = openpyxl.utils.get_column_letter(k)
                    out.append("\t".join(["width", n, letter, repr(d.width)]))
        for row, d in sorted(ws.row_dimensions.items()):
            if d.height is not None:
                out.append("\t".join(["height", n, str(row), repr(d.height)]))
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                detail = "-"
                if rule.colorScale is not None:
                    cs = rule.colorScale
                    detail = ",".join(
                        "%s:%s:%s" % (v.type, v.val, rgb(c))
                        for v, c in zip(cs.cfvo, cs.color))
                out.append("\t".join(["cf", n, esc(str(cf.sqref)),
                                      esc(rule.type), esc(detail)]))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                out.append("\t".join([
                    "cell", n, c.coordinate, c.data_type, value(c),
                    esc(c.number_format), fill(c),
                    "1" if c.font is not None and c.font.b else "0",
                    rgb(c.font.color) if c.font is not None else "-",
                    esc(c.comment.text if c.comment else None)]))
    return out


def serve():
    """Dumps each workbook named on a line of stdin, each dump followed by
    "end 0", or by the error as a "# " line and "end 1": one process for
    a test's many workbooks."""
    for line in sys.stdin:
        try:
            print("\n".join(dump(line.rstrip("\n"))))
            print("end 0")
        except Exception as e:  # anything that is not a workbook
            print("# %s" % str(e).replace("\n", " "))
            print("end 1")
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        for p in sys.argv[1:]:
            print("\n".join(dump(p)))
