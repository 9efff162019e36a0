// Integer constant expressions of C headers, after macro expansion: #if conditions, #define values,
// enumerator values and array lengths. Identifiers that name types arrive as TypeName tokens.
parser grammar CExpr;

options { tokenVocab = CLexer; }

constantExpression : expr EOF ;

expr
  : LeftParen expr RightParen                                  # paren
  | Number                                                     # number
  | CharLiteral                                                # character
  | Identifier                                                 # identifier
  | Sizeof LeftParen typeName RightParen                       # sizeofType
  | Sizeof expr                                                # sizeofExpr
  | LeftParen typeName RightParen expr                         # cast
  | op=( Plus | Minus | Tilde | Not ) expr                     # unary
  | expr op=( Star | Div | Mod ) expr                          # multiplicative
  | expr op=( Plus | Minus ) expr                              # additive
  | expr op=( LeftShift | RightShift ) expr                    # shift
  | expr op=( Less | Greater | LessEqual | GreaterEqual ) expr # relational
  | expr op=( Equal | NotEqual ) expr                          # equality
  | expr And expr                                              # bitAnd
  | expr Caret expr                                            # bitXor
  | expr Or expr                                               # bitOr
  | expr AndAnd expr                                           # logicalAnd
  | expr OrOr expr                                             # logicalOr
  | <assoc = right> expr Question expr Colon expr              # conditional
  ;

typeName : typeSpecifier+ Star* ( LeftBracket expr RightBracket )* ;

typeSpecifier
  : TypeName
  | Tag ( Identifier | TypeName )
  ;
