package io.pgvault.cli.context;

/** The user's terminal, when there is one: prompts, and whether output is read by a person. */
public interface Terminal {

    /** True when the command runs on a terminal (standard input and output), so it may ask and animate. */
    boolean interactive();

    /** Asks for a line; null at end of input. */
    String readLine(String prompt);

    /** Asks for a secret without echo; null at end of input. */
    char[] readPassword(String prompt);

    /** No terminal: scripts, CI, pipes. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }

        @Override
        public char[] readPassword(String prompt) {
            return null;
        }
    };

    /** The process's terminal: {@link System#console()}, which Java 17 gives only when stdin and stdout are one. */
    static Terminal system() {
        java.io.Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
    }
}
