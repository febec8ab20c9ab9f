/**
 * The {@code .pts} script front end (contract: shared/spec/pts-scripts.md).
 *
 * <p>{@link dev.ptshare.script.Parser#parse(java.nio.file.Path)} reads a whole file into an
 * immutable {@link dev.ptshare.script.Script} of {@link dev.ptshare.script.Stmt}s, or throws
 * {@link dev.ptshare.script.ScriptException} ({@code FILE:LINE: message}) before anything
 * runs. The runner walks the statements, resolves {@code {i}} templates with a
 * {@link dev.ptshare.script.LoopEnv}, and evaluates {@link dev.ptshare.script.Expr}s against
 * its own {@link dev.ptshare.script.Env}. How call arguments are classified is on
 * {@link dev.ptshare.script.Arg}; Linux names and numbers are in
 * {@link dev.ptshare.script.LinuxConstants}, {@link dev.ptshare.script.Errno} and
 * {@link dev.ptshare.script.Signals}.
 */
package dev.ptshare.script;
