package dev.mxcp.host.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DuckDB type name as JDBC reports it ({@code STRUCT("a b" INTEGER, c INTERVAL[])[]}), parsed into a tree.
 * Nested values come out of the driver with little type information (an INTERVAL is a plain String), so
 * {@link DuckValues} walks this tree alongside the value.
 *
 * @param kind LIST, ARRAY, STRUCT, MAP, UNION, or a leaf's base name without arguments (e.g. "DECIMAL",
 *     "TIMESTAMP WITH TIME ZONE")
 * @param children element (LIST/ARRAY), key and value (MAP), or members (STRUCT/UNION)
 */
record DuckType(String kind, List<DuckType> children) {

    /** Any type this parser does not understand; values of it are converted by their Java class alone. */
    static final DuckType UNKNOWN = new DuckType("UNKNOWN", List.of());

    static DuckType parse(String typeName) {
        try {
            var parser = new Parser(typeName);
            DuckType type = parser.type();
            return parser.pos == typeName.length() ? type : UNKNOWN;
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return UNKNOWN;
        }
    }

    DuckType child(int index) {
        return index < children.size() ? children.get(index) : UNKNOWN;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        DuckType type() {
            DuckType type = base();
            while (pos < s.length() && s.charAt(pos) == '[') {
                int close = s.indexOf(']', pos);
                if (close < 0) {
                    throw new IllegalStateException("unclosed [");
                }
                String kind = close == pos + 1 ? "LIST" : "ARRAY";
                pos = close + 1;
                type = new DuckType(kind, List.of(type));
            }
            return type;
        }

        private DuckType base() {
            int start = pos;
            while (pos < s.length() && "(),[".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String name = s.substring(start, pos).strip().toUpperCase(Locale.ROOT);
            if (pos >= s.length() || s.charAt(pos) != '(') {
                return new DuckType(name, List.of());
            }
            pos++;
            return switch (name) {
                case "STRUCT", "UNION" -> new DuckType(name, members());
                case "MAP" -> {
                    DuckType key = type();
                    expect(',');
                    DuckType value = type();
                    expect(')');
                    yield new DuckType(name, List.of(key, value));
                }
                default -> {
                    skipArguments();
                    yield new DuckType(name, List.of());
                }
            };
        }

        /** {@code name TYPE, "quoted name" TYPE, ...)}; only the types are kept (the driver knows the names). */
        private List<DuckType> members() {
            List<DuckType> members = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (s.charAt(pos) == '"') {
                    pos++;
                    while (!(s.charAt(pos) == '"' && (pos + 1 >= s.length() || s.charAt(pos + 1) != '"'))) {
                        pos += s.charAt(pos) == '"' ? 2 : 1;
                    }
                    pos++;
                } else {
                    while (s.charAt(pos) != ' ') {
                        pos++;
                    }
                }
                skipSpaces();
                members.add(type());
                skipSpaces();
                if (s.charAt(pos++) == ')') {
                    return members;
                }
            }
        }

        /** Skips {@code 10,2)} or {@code 'a', 'b''c')}: arguments of leaf types such as DECIMAL and ENUM. */
        private void skipArguments() {
            int depth = 1;
            while (depth > 0) {
                char c = s.charAt(pos++);
                if (c == '\'') {
                    while (!(s.charAt(pos) == '\'' && (pos + 1 >= s.length() || s.charAt(pos + 1) != '\''))) {
                        pos += s.charAt(pos) == '\'' ? 2 : 1;
                    }
                    pos++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
            }
        }

        private void expect(char c) {
            skipSpaces();
            if (s.charAt(pos++) != c) {
                throw new IllegalStateException("expected " + c);
            }
            skipSpaces();
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
