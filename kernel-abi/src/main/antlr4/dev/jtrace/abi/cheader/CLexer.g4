// Tokens of C source text as the preprocessor sees them (preprocessing tokens, close enough for headers).
lexer grammar CLexer;

tokens { TypeName, Sizeof, Tag }

Newline : '\r'? '\n' ;
LineContinuation : '\\' '\r'? '\n' -> skip ;
Whitespace : [ \t\f\u000B]+ -> skip ;
BlockComment : '/*' .*? '*/' -> channel(HIDDEN) ;
UnterminatedComment : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
LineComment : '//' ~[\r\n]* -> channel(HIDDEN) ;

CharLiteral : [LuU]? '\'' ( ~['\\\r\n] | '\\' . )+ '\'' ;
StringLiteral : ( [LuU] | 'u8' )? '"' ( ~["\\\r\n] | '\\' . )* '"' ;
HeaderName : '<' [a-zA-Z0-9_./+-]+ '>' ;
Identifier : [a-zA-Z_$] [a-zA-Z_0-9$]* ;
Number : '.'? [0-9] ( [eEpP] [+-] | [a-zA-Z0-9_.] )* ;

Ellipsis : '...' ;
LeftShiftAssign : '<<=' ;
RightShiftAssign : '>>=' ;
Arrow : '->' ;
PlusPlus : '++' ;
MinusMinus : '--' ;
LeftShift : '<<' ;
RightShift : '>>' ;
LessEqual : '<=' ;
GreaterEqual : '>=' ;
Equal : '==' ;
NotEqual : '!=' ;
AndAnd : '&&' ;
OrOr : '||' ;
HashHash : '##' ;
CompoundAssign : '*=' | '/=' | '%=' | '+=' | '-=' | '&=' | '^=' | '|=' ;
LeftParen : '(' ;
RightParen : ')' ;
LeftBracket : '[' ;
RightBracket : ']' ;
LeftBrace : '{' ;
RightBrace : '}' ;
Dot : '.' ;
And : '&' ;
Star : '*' ;
Plus : '+' ;
Minus : '-' ;
Tilde : '~' ;
Not : '!' ;
Div : '/' ;
Mod : '%' ;
Less : '<' ;
Greater : '>' ;
Caret : '^' ;
Or : '|' ;
Question : '?' ;
Colon : ':' ;
Semi : ';' ;
Assign : '=' ;
Comma : ',' ;
Hash : '#' ;
Other : . ;
