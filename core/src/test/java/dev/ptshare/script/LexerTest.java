package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LexerTest {
    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("\"a\\nb\"", "a\nb"),
                Arguments.of("\"\\t\"", "\t"),
                Arguments.of("\"\\r\"", "\r"),
                Arguments.of("\"\\\\\"", "\\"),
                Arguments.of("\"say \\\"hi\\\"\"", "say \"hi\""),
                Arguments.of("\"\\'\"", "'"),
                Arguments.of("\"a\\0b\"", "a\0b"),
                Arguments.of("\"\\012\"", "\n"),
                Arguments.of("\"\\x41\\x4a\"", "AJ"),
                Arguments.of("\"\\xff\"", "\u00ff"),
                Arguments.of("\"\\x7\"", "\u0007"),
                Arguments.of("\"# not a comment\"", "# not a comment"),
                Arguments.of("\"é\"", "\u00c3\u00a9")); // UTF-8 bytes of U+00E9
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void decodesCEscapes(String literal, String bytes) {
        var arg = (Arg.StringArg) Pts.call("task t\nt: store 0 " + literal).args().get(1);
        assertThat(arg.value()).isEqualTo(bytes);
    }

    @Test
    void stringBytesAreRawBytes() {
        var arg = (Arg.StringArg) Pts.call("task t\nt: store 0 \"\\xff\\0A\"").args().get(1);
        assertThat(arg.bytes()).containsExactly((byte) 0xff, 0, 'A');
    }

    @Test
    void commentsEndTheLineOutsideStrings() {
        var stmts = Pts.stmts(
                "# whole line\n\ntask t   # trailing\n   # indented\nt: store 0 \"a#b\" # c\n");
        assertThat(stmts).hasSize(2);
        assertThat(((Arg.StringArg) ((Stmt.CallStmt) stmts.get(1)).args().get(1)).value())
                .isEqualTo("a#b");
        assertThat(stmts.get(1).line()).isEqualTo(5);
    }

    @Test
    void tokensRecordSpacesAndKinds() {
        List<Token> ts = Lexer.lex("t.pts", 1, "a: x = f p+8KiB -> EINVAL");
        assertThat(ts).extracting(Token::kind).containsExactly(Token.Kind.NAME, Token.Kind.COLON,
                Token.Kind.NAME,
                Token.Kind.EQ, Token.Kind.NAME, Token.Kind.NAME, Token.Kind.PLUS, Token.Kind.NUMBER,
                Token.Kind.ARROW,
                Token.Kind.NAME, Token.Kind.EOL);
        assertThat(ts).extracting(Token::spaced).containsExactly(true, false, true, true, true,
                true, false, false,
                true, true, false);
        assertThat(ts.get(7).number()).isEqualTo(8192);
    }

    @Test
    void rangesAndPathsAndAggregates() {
        assertThat(Lexer.lex("t.pts", 1, "1..128")).extracting(Token::kind)
                .containsExactly(Token.Kind.NUMBER, Token.Kind.DOTDOT, Token.Kind.NUMBER,
                        Token.Kind.EOL);
        assertThat(Lexer.lex("t.pts", 1, "/dev/shm/obj ./rel")).extracting(Token::text)
                .containsExactly("/dev/shm/obj", "./rel", "");
        Token agg = Lexer.lex("t.pts", 1, "sum(c*.VmPTE)").getFirst();
        assertThat(Map.of("kind", agg.kind(), "fn", agg.text(), "inner", agg.inner()))
                .isEqualTo(Map.of("kind", Token.Kind.AGG, "fn", "sum", "inner", "c*.VmPTE"));
    }

    @Test
    void templatesLexAsOneName() {
        assertThat(Lexer.lex("t.pts", 1, "c{i}_x{j}:")).extracting(Token::text)
                .containsExactly("c{i}_x{j}", ":", "");
    }
}
