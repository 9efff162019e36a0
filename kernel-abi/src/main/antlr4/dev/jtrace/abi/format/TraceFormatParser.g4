// A tracefs event format file: name, ID, the fields with their layout, and the print format.
parser grammar TraceFormatParser;

options { tokenVocab = TraceFormatLexer; }

formatFile : NL* nameLine idLine formatHeader ( fieldLine | NL )* printLine EOF ;

nameLine : NAME_KW REST NL ;
idLine : ID_KW INT NL ;
formatHeader : FORMAT_KW NL ;
fieldLine : FIELD_KW DECL SEMI OFFSET_KW INT SEMI SIZE_KW INT SEMI ( SIGNED_KW INT SEMI )? NL ;
printLine : PRINT_KW REST? ;
