"""What a post's math may say to TeX and MathJax, and how TeX runs for the book.

A formula goes to two engines as written: MathJax typesets it in the reader's
browser, XeLaTeX in the book's build.  Both are programming languages.  TeX's
``\\input``, ``\\openin`` and ``\\read`` read any file the build can (with
``\\catcode`` and ``^^`` notation to spell them without a backslash), and
``\\write18`` runs programs; MathJax's ``\\href``, ``\\class``, ``\\style``
and ``\\require`` write live links and markup into the page.  So a formula may
use only what both engines know for typesetting: the control words,
control symbols and environments listed here (amsmath and amssymb as Sphinx's
LaTeX loads them, MathJax's base and ams packages).  Anything else is refused,
whatever its spelling: the check reads the source as TeX reads it (control
words are letters only, ``^^`` is refused outright), and the whole formula is
refused on the first word not on the list.

The book's TeX runs are closed at the engine too (:data:`TEX_ENVIRONMENT`,
written into the ``latexmkrc`` of the LaTeX output by ``book.tex``): for raw
LaTeX a trusted author writes, and for whatever this list misses.

Plain data and pure functions: no Sphinx, no docutils.
"""

from __future__ import annotations

import re

#: kpathsea's settings for every TeX run of the book (environment variables, which
#: override ``texmf.cnf``): ``p`` (paranoid) refuses absolute paths, ``..`` and hidden
#: files for reading and writing, and shell escape is off (TeX Live's default is a
#: restricted list of programs).
TEX_ENVIRONMENT: dict[str, str] = {
    "openin_any": "p",
    "openout_any": "p",
    "shell_escape": "f",
}
#: The engines' own switch for the same, given on their command line.
NO_SHELL_ESCAPE = "-no-shell-escape"


def words(text: str) -> frozenset[str]:
    """An allowlist written as words separated by spaces (here and in book.mathml)."""
    return frozenset(text.split())


_GREEK = words(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa "
    "lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "digamma Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega varGamma varDelta "
    "varTheta varLambda varXi varPi varSigma varUpsilon varPhi varPsi varOmega"
)
_LETTERLIKE = words(
    "aleph beth gimel daleth hbar hslash ell wp Re Im partial infty nabla emptyset "
    "varnothing forall exists nexists neg lnot top bot angle measuredangle sphericalangle "
    "triangle triangledown square blacksquare blacktriangle blacktriangledown lozenge "
    "blacklozenge bigstar diamondsuit heartsuit clubsuit spadesuit flat natural sharp prime "
    "backprime surd imath jmath complement eth mho Finv Game Bbbk circledS checkmark "
    "dots ldots cdots vdots ddots dotsc dotsb dotsm dotsi dotso colon"
)
_BINARY = words(
    "pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap cup sqcap "
    "sqcup vee wedge land lor setminus smallsetminus uplus amalg wr bigcirc dagger ddagger "
    "triangleleft triangleright bigtriangleup bigtriangledown boxplus boxminus boxtimes "
    "boxdot dotplus divideontimes ltimes rtimes leftthreetimes rightthreetimes curlywedge "
    "curlyvee circleddash circledast circledcirc centerdot intercal barwedge veebar "
    "doublebarwedge Cap Cup"
)
_RELATIONS = words(
    "le leq ge geq neq ne equiv approx approxeq sim simeq cong propto prec succ preceq succeq "
    "ll gg subset supset subseteq supseteq subsetneq supsetneq nsubseteq nsupseteq sqsubset "
    "sqsupset sqsubseteq sqsupseteq in ni notin owns mid nmid parallel nparallel perp models "
    "vdash dashv vDash Vdash Vvdash nvdash nvDash nVdash asymp bowtie smile frown doteq "
    "doteqdot lessdot gtrdot leqq geqq leqslant geqslant lesssim gtrsim lessgtr gtrless lll "
    "ggg nless ngtr nleq ngeq lneq gneq lneqq gneqq thicksim thickapprox backsim backsimeq "
    "triangleq circeq bumpeq Bumpeq risingdotseq fallingdotseq eqcirc therefore because "
    "varpropto between pitchfork shortmid shortparallel smallsmile smallfrown ncong nsim "
    "ntriangleleft ntriangleright trianglelefteq trianglerighteq vartriangleleft "
    "vartriangleright not"
)
_ARROWS = words(
    "leftarrow rightarrow to gets uparrow downarrow updownarrow leftrightarrow Leftarrow "
    "Rightarrow Uparrow Downarrow Updownarrow Leftrightarrow longleftarrow longrightarrow "
    "longleftrightarrow Longleftarrow Longrightarrow Longleftrightarrow mapsto longmapsto "
    "hookleftarrow hookrightarrow leftharpoonup leftharpoondown rightharpoonup "
    "rightharpoondown rightleftharpoons leftrightharpoons nearrow searrow swarrow nwarrow "
    "iff implies impliedby leadsto rightsquigarrow leftrightsquigarrow twoheadrightarrow "
    "twoheadleftarrow rightarrowtail leftarrowtail looparrowright looparrowleft "
    "curvearrowright curvearrowleft circlearrowright circlearrowleft upuparrows "
    "downdownarrows leftleftarrows rightrightarrows leftrightarrows rightleftarrows Lsh Rsh "
    "multimap nleftarrow nrightarrow nLeftarrow nRightarrow nleftrightarrow nLeftrightarrow "
    "xleftarrow xrightarrow dashrightarrow dashleftarrow"
)
_BIG_OPERATORS = words(
    "sum prod coprod int iint iiint iiiint idotsint oint bigcup bigcap bigsqcup bigvee "
    "bigwedge bigoplus bigotimes bigodot biguplus limits nolimits displaylimits"
)
_FUNCTIONS = words(
    "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim "
    "liminf limsup ln log max min Pr sec sin sinh sup tan tanh injlim projlim varliminf "
    "varlimsup varinjlim varprojlim operatorname mod bmod pmod pod"
)
_DELIMITERS = words(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm "
    "Bigm biggm Biggm langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert vert "
    "Vert backslash lbrace rbrace lbrack rbrack lgroup rgroup lmoustache rmoustache ulcorner "
    "urcorner llcorner lrcorner"
)
_ACCENTS = words(
    "hat widehat tilde widetilde bar overline underline vec overrightarrow overleftarrow "
    "overleftrightarrow underrightarrow underleftarrow underleftrightarrow dot ddot dddot "
    "ddddot acute grave breve check mathring overbrace underbrace overset underset stackrel"
)
_STRUCTURE = words(
    "frac dfrac tfrac cfrac binom dbinom tbinom genfrac sqrt over choose atop substack "
    "sideset boxed fbox hline cline begin end"
)
_FONTS = words(
    "mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak mathnormal boldsymbol pmb "
    "rm bf it sf tt cal text textrm textit textbf textsf texttt textnormal mbox "
    "displaystyle textstyle scriptstyle scriptscriptstyle "
    "mathop mathbin mathrel mathord mathpunct mathopen mathclose mathinner"
)
_SPACING = words(
    "quad qquad thinspace medspace thickspace negthinspace negmedspace negthickspace "
    "enspace hspace mspace phantom hphantom vphantom smash strut mathstrut"
)

#: Control words (``\\frac``: the letters after the backslash) a post's math may use.
CONTROL_WORDS: frozenset[str] = (
    _GREEK | _LETTERLIKE | _BINARY | _RELATIONS | _ARROWS | _BIG_OPERATORS | _FUNCTIONS
    | _DELIMITERS | _ACCENTS | _STRUCTURE | _FONTS | _SPACING
)  # fmt: skip
#: Control symbols (a backslash and one other character): spaces, a line break, escaped
#: special characters.  ``\\(`` and ``\\[`` are not: they leave or start math mode.
CONTROL_SYMBOLS: frozenset[str] = frozenset(",:;!> \n\\{}|#$%&_")
#: Environments a formula may open, inside math (Sphinx wraps a display in ``split``).
ENVIRONMENTS: frozenset[str] = words(
    "matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned alignedat "
    "gathered split array subarray"
)
#: Environments that are displays of their own: only in math written out as it is
#: (``nowrap``, MyST's ``amsmath``), which is not wrapped in one.
DISPLAY_ENVIRONMENTS: frozenset[str] = words(
    "equation equation* align align* alignat alignat* gather gather* multline multline* "
    "flalign flalign*"
)

_READS = "reads a file"
_WRITES = "writes a file or runs a program"
_DEFINES = "defines or changes commands"
_CATCODES = "changes how TeX reads characters"
_NAMES = "makes a command from text"
_MATHJAX = "makes live markup in MathJax"
_LINK = "makes a link"

#: Why some words are refused (anything not in :data:`CONTROL_WORDS` is refused).
REFUSED: dict[str, str] = {
    **dict.fromkeys(
        ("input", "include", "InputIfFileExists", "IfFileExists", "openin", "read", "readline",
         "closein", "includegraphics", "XeTeXpicfile", "XeTeXpdffile", "verbatiminput",
         "lstinputlisting", "endinput", "scantokens", "jobname"),
        _READS,
    ),
    **dict.fromkeys(
        ("write", "write18", "openout", "closeout", "immediate", "special", "message",
         "typeout", "ShellEscape", "shipout"),
        _WRITES,
    ),
    **dict.fromkeys(
        ("def", "edef", "gdef", "xdef", "let", "futurelet", "global", "newcommand",
         "renewcommand", "providecommand", "DeclareMathOperator", "newenvironment",
         "renewenvironment", "DeclareRobustCommand", "expandafter", "noexpand", "afterassignment",
         "aftergroup", "makeatletter", "makeatother", "everymath", "everydisplay"),
        _DEFINES,
    ),
    **dict.fromkeys(("catcode", "lccode", "uccode", "mathcode", "delcode", "sfcode",
                     "endlinechar", "newlinechar", "escapechar", "char", "lowercase",
                     "uppercase"), _CATCODES),
    **dict.fromkeys(("csname", "endcsname", "string", "detokenize", "meaning"), _NAMES),
    **dict.fromkeys(("href", "url"), _LINK),
    **dict.fromkeys(("require", "class", "style", "cssId", "data", "unicode", "bbox",
                     "mmlToken", "html", "attr", "toggle", "mathtip", "texttip",
                     "FontAwesome"), _MATHJAX),
}  # fmt: skip

#: One token of TeX's input: a control word, a control symbol, a lone backslash at the
#: end, ``^^``, a brace, or a character TeX treats specially outside ``\\`` escapes.
_TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|(\\)$|(\^\^)|([{}%$#])", re.DOTALL)
_ENVIRONMENT = re.compile(r"\s*\{([A-Za-z]+\*?)\}")

#: How deep braces and environments may nest.  XeTeX stops the whole PDF when math nests
#: past its semantic nest (1000 levels: about 1000 braces, or 300 ``aligned``, each of
#: which takes several); real formulas nest a handful deep.
MAX_NESTING = 50

_SPECIAL = {
    "%": "% starts a TeX comment (write \\% for a percent sign)",
    "$": "$ leaves TeX's math mode (write \\$ for a dollar sign)",
    "#": "# is TeX's macro parameter (write \\# for a hash sign)",
}


def math_refusal(source: str, *, display: bool = False) -> str | None:
    """Why a post's math ``source`` may not reach TeX and MathJax; ``None`` if it may.

    ``display``: the source is written out as it is (not wrapped in a display), so
    display environments such as ``align`` may open it.
    """
    depth = 0
    opened: list[str] = []
    for match in _TOKEN.finditer(source):
        word, symbol, lone, hats, char = match.groups()
        if word is not None:
            problem = _word_refusal(word)
            if problem is None and word in {"begin", "end"}:
                problem = _environment(source, match.end(), word, opened, display=display)
        elif symbol is not None:
            problem = None if symbol in CONTROL_SYMBOLS else _symbol_refusal(symbol)
        elif lone is not None:
            problem = "a lone backslash ends it"
        elif hats is not None:
            problem = "^^ is TeX's notation for any character, a backslash among them"
        elif char in _SPECIAL:
            problem = _SPECIAL[char]
        else:
            depth += 1 if char == "{" else -1
            problem = "its braces do not balance" if depth < 0 else None
        if depth + len(opened) > MAX_NESTING:
            problem = f"it nests braces and environments more than {MAX_NESTING} deep"
        if problem:
            return problem
    if depth:
        return "its braces do not balance"
    return f"\\begin{{{opened[-1]}}} is not closed" if opened else None


def _word_refusal(word: str) -> str | None:
    if word in CONTROL_WORDS:
        return None
    reason = REFUSED.get(word)
    if reason:
        return f"\\{word} {reason}"
    return f"\\{word} is not a command posts' math may use"


def _symbol_refusal(symbol: str) -> str:
    shown = repr(symbol)[1:-1] if not symbol.isprintable() else symbol
    return f"\\{shown} is not a command posts' math may use"


def _environment(
    source: str, start: int, word: str, opened: list[str], *, display: bool
) -> str | None:
    """Check ``\\begin{name}`` or ``\\end{name}``, keeping ``opened`` as TeX's stack."""
    match = _ENVIRONMENT.match(source, start)
    if match is None:
        return f"\\{word} is not followed by an environment's name in braces"
    name = match.group(1)
    allowed = ENVIRONMENTS | DISPLAY_ENVIRONMENTS if display else ENVIRONMENTS
    if name not in allowed:
        return f"the environment {name} is not one posts' math may use"
    if word == "begin":
        opened.append(name)
        return None
    if not opened:
        return f"\\end{{{name}}} closes nothing"
    top = opened.pop()
    return None if top == name else f"\\end{{{name}}} does not close \\begin{{{top}}}"
