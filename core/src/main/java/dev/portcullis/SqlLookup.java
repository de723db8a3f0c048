package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;

/**
 * A MySQL lookup as three identifiers rather than free SQL, so no user text ever becomes a query:
 * {@code SELECT resultColumn FROM table WHERE keyColumn='%s'}.
 *
 * @param table the table
 * @param keyColumn the column matched against the looked-up key
 * @param resultColumn the column returned
 */
public record SqlLookup(String table, String keyColumn, String resultColumn) {

    /**
     * @param table table name
     * @param keyColumn key column
     * @param resultColumn result column
     */
    public SqlLookup {
        Problems p = Problems.create();
        p.parse("table", table, SqlLookup::identifier);
        p.parse("keyColumn", keyColumn, SqlLookup::identifier);
        p.parse("resultColumn", resultColumn, SqlLookup::identifier);
        p.throwIfAny();
    }

    private static String identifier(String identifier) {
        return Text.require(identifier, Text.SQL_IDENTIFIER, "an SQL identifier",
                "letters, digits and _, not starting with a digit, at most 64");
    }

    /**
     * @param table the table that maps keys to results, an SQL identifier
     * @param keyColumn the column Postfix matches the looked-up key against
     * @param resultColumn the column whose value Postfix uses as the result
     * @return the lookup
     * @throws InvalidSpecException naming each field that is not an SQL identifier
     */
    public static SqlLookup of(String table, String keyColumn, String resultColumn) {
        return new SqlLookup(table, keyColumn, resultColumn);
    }

    /** @return the query in Postfix mysql_table(5) form, with {@code %s} for the key */
    public String toPostfixQuery() {
        return "SELECT " + resultColumn + " FROM " + table + " WHERE " + keyColumn + "='%s'";
    }
}
