using System.Globalization;
using IopFinder.Web.SelfCheck;

namespace IopFinder.Tests.SelfCheck;

/// <summary>Writes answers as the form contract of SELF_CHECK.md: one field per answer, repeated for sets.</summary>
public static class ContractForm
{
    public static List<KeyValuePair<string, string>> Fields(SelfCheckAnswers a, string token)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                fields.Add(new(name, Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }

        void AddAll(string name, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                Add(name, value);
            }
        }

        Add(FormPoster.TokenField, token);
        Add("who", a.Who);
        Add("emergency", a.Emergency);
        Add("age", a.Age);
        Add("sex", a.Sex);
        AddAll("substances", a.Substances);
        Add("auditc1", a.AuditC1);
        Add("auditc2", a.AuditC2);
        Add("auditc3", a.AuditC3);
        // drugfreq 0 means "no drugs"; when a drug (or "I don't know what they use") is ticked the form asks
        // how often, and a loved one who cannot say answers "I don't know".
        Add("drugfreq", a.DrugFreq == 0 && a.Who == "other" && a.Substances.Any(s => s != "alcohol") ? "unknown" : a.DrugFreq);
        Add("dailyuse", a.DailyUse);
        AddAll("withdrawalhistory", a.WithdrawalHistory);
        Add("withdrawalnow", a.WithdrawalNow);
        Add("opioidwithdrawal", a.OpioidWithdrawal);
        Add("onmedication", a.OnMedication);
        Add("overdose", a.Overdose);
        Add("pregnant", a.Pregnant);
        Add("medical", a.Medical);
        Add("injection", a.Injection);
        Add("phq1", a.Phq1);
        Add("phq2", a.Phq2);
        Add("gad1", a.Gad1);
        Add("gad2", a.Gad2);
        Add("s1", a.S1);
        Add("s2", a.S2);
        Add("s3", a.S3);
        Add("s4", a.S4);
        Add("s5", a.S5);
        Add("s6", a.S6);
        Add("s6recent", a.S6Recent);
        Add("severemh", a.SevereMh);
        Add("mhcare", a.MhCare);
        Add("readiness", a.Readiness);
        for (var i = 0; i < 6; i++)
        {
            Add("p" + (i + 1), a.Problems[i]);
        }

        Add("abstinence", a.Abstinence);
        Add("priortreatment", a.PriorTreatment);
        Add("recentdischarge", a.RecentDischarge);
        Add("living", a.Living);
        Add("support", a.Support);
        Add("attend", a.Attend);
        AddAll("pay", a.Pay);
        AddAll("lang", a.Lang);
        AddAll("pref", a.Pref);
        Add("zip", a.Zip);
        return fields;
    }
}
