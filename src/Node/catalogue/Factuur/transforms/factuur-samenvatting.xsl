<?xml version="1.0" encoding="UTF-8"?>
<!--
  The compact summary of an e-invoice that the statistics recipient (cbs) receives instead of the
  invoice: who invoiced whom, when, and the totals, as JSON (application/json). Amounts are JSON strings
  holding the invoice's own decimals, so no precision is lost to floating point on either side.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:inv="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <xsl:include href="json-string.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="application/json"/>

  <xsl:template match="/inv:Invoice">
    <xsl:variable name="seller" select="cac:AccountingSupplierParty/cac:Party"/>
    <xsl:variable name="buyer" select="cac:AccountingCustomerParty/cac:Party"/>
    <xsl:variable name="totals" select="cac:LegalMonetaryTotal"/>
    <xsl:text>{"factuurnummer":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="cbc:ID"/></xsl:call-template>
    <xsl:text>,"factuurdatum":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="cbc:IssueDate"/></xsl:call-template>
    <xsl:text>,"vervaldatum":</xsl:text>
    <xsl:call-template name="json-string-or-null"><xsl:with-param name="value" select="cbc:DueDate"/></xsl:call-template>
    <xsl:text>,"valuta":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="cbc:DocumentCurrencyCode"/></xsl:call-template>
    <xsl:text>,"leverancier":{"naam":</xsl:text>
    <xsl:call-template name="party-name"><xsl:with-param name="party" select="$seller"/></xsl:call-template>
    <xsl:text>,"kvk":</xsl:text>
    <xsl:call-template name="json-string-or-null"><xsl:with-param name="value" select="$seller/cac:PartyLegalEntity/cbc:CompanyID"/></xsl:call-template>
    <xsl:text>,"btw":</xsl:text>
    <xsl:call-template name="json-string-or-null">
      <xsl:with-param name="value" select="$seller/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID"/>
    </xsl:call-template>
    <xsl:text>},"afnemer":{"naam":</xsl:text>
    <xsl:call-template name="party-name"><xsl:with-param name="party" select="$buyer"/></xsl:call-template>
    <xsl:text>,"oin":</xsl:text>
    <xsl:call-template name="json-string-or-null"><xsl:with-param name="value" select="$buyer/cbc:EndpointID[@schemeID = '0190']"/></xsl:call-template>
    <xsl:text>},"bedragExclBtw":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="$totals/cbc:TaxExclusiveAmount"/></xsl:call-template>
    <xsl:text>,"btw":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="cac:TaxTotal/cbc:TaxAmount"/></xsl:call-template>
    <xsl:text>,"bedragInclBtw":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="$totals/cbc:TaxInclusiveAmount"/></xsl:call-template>
    <xsl:text>,"teBetalen":</xsl:text>
    <xsl:call-template name="json-string"><xsl:with-param name="value" select="$totals/cbc:PayableAmount"/></xsl:call-template>
    <xsl:text>,"aantalRegels":</xsl:text>
    <xsl:value-of select="count(cac:InvoiceLine)"/>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- The legal (registered) name, else the trading name. -->
  <xsl:template name="party-name">
    <xsl:param name="party"/>
    <xsl:call-template name="json-string-or-null">
      <xsl:with-param name="value">
        <xsl:choose>
          <xsl:when test="$party/cac:PartyLegalEntity/cbc:RegistrationName">
            <xsl:value-of select="$party/cac:PartyLegalEntity/cbc:RegistrationName"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$party/cac:PartyName/cbc:Name"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Anything but an invoice is a mistake upstream: say so instead of writing an empty summary. -->
  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes">Not a UBL invoice: the root element is <xsl:value-of select="name()"/>.</xsl:message>
  </xsl:template>
</xsl:stylesheet>
