// Tokens of a tracefs event format file (events/<system>/<event>/format).
lexer grammar TraceFormatLexer;

NAME_KW : 'name:' [ \t]* -> pushMode(TEXT) ;
ID_KW : 'ID:' ;
FORMAT_KW : 'format:' ;
FIELD_KW : [ \t]* 'field:' -> pushMode(DECLARATION) ;
OFFSET_KW : 'offset:' ;
SIZE_KW : 'size:' ;
SIGNED_KW : 'signed:' ;
PRINT_KW : 'print fmt:' [ \t]* -> pushMode(PRINT) ;
INT : '-'? [0-9]+ ;
SEMI : ';' ;
NL : '\r'? '\n' ;
WS : [ \t]+ -> skip ;
JUNK : . ;

mode DECLARATION;
DECL : ~[;\r\n]+ ;
DECL_SEMI : ';' -> type(SEMI), popMode ;
DECL_NL : '\r'? '\n' -> type(NL), popMode ;

mode TEXT;
REST : ~[\r\n]+ -> popMode ;
TEXT_NL : '\r'? '\n' -> type(NL), popMode ;

// The print format runs to the end of the file: its string may hold line breaks (ext4_fc_stats).
mode PRINT;
PRINT_TEXT : .+ -> type(REST) ;
