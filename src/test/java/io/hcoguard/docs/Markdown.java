package io.hcoguard.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of Markdown the documentation tests read: headings and the anchors GitHub makes of
 * them, links, and the tables of a section. Text inside fenced code blocks and code spans is
 * neither a heading nor a link, as on GitHub.
 */
final class Markdown {

    /** A link as written: the line it is on (1-based) and its destination. */
    record Link(int line, String target) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK = Pattern.compile("\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    /** What github-slugger drops: everything but letters, marks, numbers, connector punctuation, spaces and hyphens. */
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    private final List<String> lines;
    /** Per line: whether it is inside a fenced code block (fence lines included). */
    private final boolean[] code;

    Markdown(String text) {
        this.lines = text.lines().toList();
        this.code = new boolean[lines.size()];
        String open = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (open == null && fence.find()) {
                open = fence.group(1);
                code[i] = true;
            } else if (open != null) {
                code[i] = true;
                if (fence.find() && fence.group(1).equals(open)) {
                    open = null;
                }
            }
        }
    }

    /** The heading texts, in order, as written (markup included). */
    List<String> headings() {
        List<String> headings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = code[i] ? null : HEADING.matcher(lines.get(i));
            if (heading != null && heading.matches()) {
                headings.add(heading.group(2));
            }
        }
        return headings;
    }

    /** The anchors GitHub gives the headings: slugs, a repeated one suffixed -1, -2, ... */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings()) {
            String slug = slug(heading);
            int times = seen.merge(slug, 1, Integer::sum);
            anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: its rendered text lower-cased, punctuation dropped, each space a hyphen. */
    static String slug(String heading) {
        String text = INLINE_LINK.matcher(heading).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
        text = CODE_SPAN.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
        return NOT_IN_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    /** Every link destination outside code: inline links and images, and reference definitions. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            String line = CODE_SPAN.matcher(lines.get(i)).replaceAll(match -> " ".repeat(match.group().length()));
            Matcher definition = REFERENCE_DEFINITION.matcher(line);
            if (definition.matches()) {
                links.add(new Link(i + 1, definition.group(1)));
                continue;
            }
            Matcher link = INLINE_LINK.matcher(line);
            while (link.find()) {
                links.add(new Link(i + 1, link.group(2)));
            }
        }
        return links;
    }

    /**
     * The rows of the tables in the section under the heading (up to the next heading of the same
     * or a higher level), each as its cells, trimmed; the delimiter rows left out.
     */
    List<List<String>> tableRows(String heading) {
        int start = -1;
        int level = 0;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher match = code[i] ? null : HEADING.matcher(lines.get(i));
            if (match != null && match.matches()) {
                if (start >= 0 && match.group(1).length() <= level) {
                    break;
                }
                if (start < 0 && match.group(2).equals(heading)) {
                    start = i;
                    level = match.group(1).length();
                }
            } else if (start >= 0 && !code[i] && lines.get(i).trim().startsWith("|")) {
                List<String> cells = cells(lines.get(i).trim());
                if (!cells.stream().allMatch(cell -> cell.matches(":?-+:?"))) {
                    rows.add(cells);
                }
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("no heading \"" + heading + "\"");
        }
        return rows;
    }

    /** The cells of a table row; "\|" is a pipe inside a cell. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().trim());
        }
        return cells;
    }
}
