<?xml version="1.0" encoding="UTF-8"?>
<!--
  JSON string literals in XSLT 1.0 (which has no replace()). XML 1.0 text can hold only three control
  characters (tab, line feed, carriage return), so escaping those, the backslash and the quote makes any
  text a valid JSON string (RFC 8259 §7).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- "value" as a quoted, escaped JSON string. -->
  <xsl:template name="json-string">
    <xsl:param name="value"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="json-escape">
      <xsl:with-param name="text" select="string($value)"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <!-- "value" as a JSON string, or null when it is empty. -->
  <xsl:template name="json-string-or-null">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="string($value) = ''">null</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="json-string"><xsl:with-param name="value" select="$value"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="json-escape">
    <xsl:param name="text"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="text">
        <xsl:call-template name="replace">
          <xsl:with-param name="text">
            <xsl:call-template name="replace">
              <xsl:with-param name="text">
                <xsl:call-template name="replace">
                  <xsl:with-param name="text">
                    <xsl:call-template name="replace">
                      <xsl:with-param name="text" select="$text"/>
                      <xsl:with-param name="from" select="'\'"/>
                      <xsl:with-param name="to" select="'\\'"/>
                    </xsl:call-template>
                  </xsl:with-param>
                  <xsl:with-param name="from" select="'&quot;'"/>
                  <xsl:with-param name="to" select="'\&quot;'"/>
                </xsl:call-template>
              </xsl:with-param>
              <xsl:with-param name="from" select="'&#10;'"/>
              <xsl:with-param name="to" select="'\n'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="from" select="'&#13;'"/>
          <xsl:with-param name="to" select="'\r'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="from" select="'&#9;'"/>
      <xsl:with-param name="to" select="'\t'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
